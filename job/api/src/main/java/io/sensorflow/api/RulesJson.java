package io.sensorflow.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The job's {@code --rules} argument, the JSON list of {@code spec.alerting.rules}: {@code
 * [{"name":"overheat","metric":"temperature","above":30.0,"consecutiveWindows":1}]}. The controller
 * writes it with the thresholds left out ({@code "above":null}: the side, not the value), the job
 * reads it; both through this class.
 */
public final class RulesJson {
    private static final Set<String> FIELDS =
            Set.of("name", "metric", "above", "below", "consecutiveWindows");
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RulesJson() {}

    /** The rules as a JSON list; a rule without a threshold gets {@code null} on its side. */
    public static String write(List<Rule> rules) {
        ArrayNode array = JSON.createArrayNode();
        for (Rule r : rules) {
            ObjectNode o = array.addObject();
            o.put("name", r.name());
            o.put("metric", r.metric().wireName());
            o.put(r.direction().wireName(), r.threshold());
            o.put("consecutiveWindows", r.consecutiveWindows());
        }
        return array.toString();
    }

    /**
     * The rules in this text; an IllegalArgumentException says which rule and field are wrong.
     *
     * @param valuesOptional whether a rule may give its side with a null value, its threshold
     *     coming from the thresholds ConfigMap
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
        List<Rules.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            drafts.add(draft(root.get(i), "[" + i + "]"));
        }
        return Rules.of(drafts, valuesOptional);
    }

    /** One rule's fields, with what JSON alone can tell wrong reported here. */
    private static Rules.Draft draft(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        at + ": unknown field '" + field + "' (known: " + FIELDS + ")");
            }
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException(at + ".name: is required (a string)");
        }
        JsonNode metric = node.get("metric");
        Direction side =
                node.has("above") == node.has("below")
                        ? null
                        : node.has("above") ? Direction.ABOVE : Direction.BELOW;
        Double value = null;
        if (side != null && !node.get(side.wireName()).isNull()) {
            JsonNode v = node.get(side.wireName());
            if (!v.isNumber()) {
                throw new IllegalArgumentException(
                        at + "." + side.wireName() + ": must be a number");
            }
            value = v.asDouble();
        }
        JsonNode windows = node.get("consecutiveWindows");
        Integer consecutiveWindows;
        if (windows == null || windows.isNull()) {
            consecutiveWindows = Rules.MIN_WINDOWS;
        } else {
            consecutiveWindows =
                    windows.isNumber()
                                    && windows.canConvertToExactIntegral()
                                    && windows.canConvertToInt()
                            ? windows.asInt()
                            : null;
        }
        return new Rules.Draft(
                name.asText(),
                metric != null && metric.isTextual() ? Metric.fromWireName(metric.asText()) : null,
                side,
                value,
                consecutiveWindows);
    }
}
