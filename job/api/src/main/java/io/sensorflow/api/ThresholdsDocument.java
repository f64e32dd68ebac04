package io.sensorflow.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The threshold values of a pipeline's rules as the controller publishes them and the job reads
 * them, under the key {@value #KEY} of the pipeline's thresholds ConfigMap:
 *
 * <pre>
 * {"version":7,"rules":"overheat-temperature-above-1,dry-humidity-below-2",
 *  "thresholds":{"dry":40.0,"overheat":30.0}}
 * </pre>
 *
 * @param version the SensorPipeline generation at which the values (or the rule shapes) last
 *     changed; at least 1
 * @param rules the {@link Rule#shapes shapes} the values are meant for, or null when the document
 *     does not say: a job whose shapes differ must not apply them
 * @param thresholds each rule's value, by rule name
 */
public record ThresholdsDocument(long version, String rules, Map<String, Double> thresholds) {
    /** The ConfigMap key. */
    public static final String KEY = "thresholds.json";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ThresholdsDocument {
        thresholds = Collections.unmodifiableMap(new TreeMap<>(thresholds));
    }

    /** The document for these rules, each of which carries its value. */
    public static ThresholdsDocument of(long version, List<Rule> rules) {
        Map<String, Double> values = new TreeMap<>();
        for (Rule r : rules) {
            values.put(r.name(), r.threshold());
        }
        return new ThresholdsDocument(version, Rule.shapes(rules), values);
    }

    /** Whether this document says the same as another apart from its version. */
    public boolean sameValuesAs(ThresholdsDocument other) {
        return other != null
                && Objects.equals(rules, other.rules)
                && thresholds.equals(other.thresholds);
    }

    /** The text the ConfigMap holds: the same document always gives the same bytes. */
    public String toJson() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("version", version);
        if (rules != null) {
            doc.put("rules", rules);
        }
        ObjectNode values = doc.putObject("thresholds");
        thresholds.forEach(values::put);
        return doc.toString();
    }

    /** The document in this text; an IllegalArgumentException says what is wrong with it. */
    public static ThresholdsDocument parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no key " + KEY);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null
                || !version.isNumber()
                || !version.canConvertToExactIntegral()
                || !version.canConvertToLong()
                || version.asLong() < 1) {
            throw new IllegalArgumentException("'version' must be a positive integer");
        }
        JsonNode thresholds = root.get("thresholds");
        if (thresholds == null || !thresholds.isObject()) {
            throw new IllegalArgumentException("'thresholds' must be an object of rule: value");
        }
        JsonNode rules = root.get("rules");
        if (rules != null && !rules.isTextual()) {
            throw new IllegalArgumentException("'rules' must be a string of rule shapes");
        }
        Map<String, Double> values = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = thresholds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw new IllegalArgumentException(
                        "threshold of '" + e.getKey() + "' must be a number");
            }
            values.put(e.getKey(), e.getValue().asDouble());
        }
        return new ThresholdsDocument(
                version.asLong(), rules == null ? null : rules.asText(), values);
    }
}
