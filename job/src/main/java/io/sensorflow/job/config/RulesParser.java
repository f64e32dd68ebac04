package io.sensorflow.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorflow.job.alerting.Direction;
import io.sensorflow.job.alerting.Rule;
import io.sensorflow.job.model.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code --rules}: the JSON list of {@code spec.alerting.rules}, e.g. {@code
 * [{"name":"overheat","metric":"temperature","above":30,"consecutiveWindows":1}]}. Every mistake is
 * reported with the rule it is in, so that the message says what to fix.
 */
public final class RulesParser {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> FIELDS =
            Set.of("name", "metric", "above", "below", "consecutiveWindows");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RulesParser() {}

    /**
     * @param valuesOptional true when thresholds come from a ConfigMap, so that a rule may give its
     *     direction with a null value ({@code "above": null})
     */
    public static List<Rule> parse(String json, boolean valuesOptional) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty JSON list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            Rule rule = parseRule(root.get(i), i + 1, valuesOptional);
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(
                        "rule " + (i + 1) + ": the name '" + rule.name() + "' is used twice");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private static Rule parseRule(JsonNode node, int position, boolean valuesOptional) {
        String where = "rule " + position;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        where + ": unknown field '" + field + "' (known: " + FIELDS + ")");
            }
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new IllegalArgumentException(where + ": 'name' is required (a string)");
        }
        String name = nameNode.asText();
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    where
                            + ": name '"
                            + name
                            + "' must be a DNS label (lower-case letters, digits and '-',"
                            + " at most 63)");
        }
        where = "rule '" + name + "'";

        JsonNode metricNode = node.get("metric");
        Metric metric =
                metricNode != null && metricNode.isTextual()
                        ? Metric.fromWireName(metricNode.asText())
                        : null;
        if (metric == null) {
            throw new IllegalArgumentException(
                    where + ": 'metric' must be \"temperature\" or \"humidity\"");
        }

        boolean hasAbove = node.has("above");
        boolean hasBelow = node.has("below");
        if (hasAbove == hasBelow) {
            throw new IllegalArgumentException(where + ": give exactly one of 'above' and 'below'");
        }
        Direction direction = hasAbove ? Direction.ABOVE : Direction.BELOW;
        JsonNode valueNode = node.get(direction.wireName());
        Double threshold = null;
        if (valueNode.isNull()) {
            if (!valuesOptional) {
                throw new IllegalArgumentException(
                        where
                                + ": '"
                                + direction.wireName()
                                + "' needs a value unless --rules-configmap supplies it");
            }
        } else if (!valueNode.isNumber() || !Double.isFinite(valueNode.asDouble())) {
            throw new IllegalArgumentException(
                    where + ": '" + direction.wireName() + "' must be a number");
        } else {
            threshold = valueNode.asDouble();
            if (!metric.inRange(threshold)) {
                throw new IllegalArgumentException(
                        where
                                + ": threshold "
                                + threshold
                                + " is outside the "
                                + metric.wireName()
                                + " range "
                                + metric.rangeText());
            }
        }

        int consecutiveWindows = 1;
        JsonNode countNode = node.get("consecutiveWindows");
        if (countNode != null && !countNode.isNull()) {
            if (!countNode.isIntegralNumber()
                    || countNode.asLong() < 1
                    || countNode.asLong() > 100) {
                throw new IllegalArgumentException(
                        where + ": 'consecutiveWindows' must be a whole number from 1 to 100");
            }
            consecutiveWindows = countNode.asInt();
        }
        return new Rule(name, metric, direction, threshold, consecutiveWindows);
    }
}
