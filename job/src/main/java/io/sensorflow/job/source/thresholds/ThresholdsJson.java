package io.sensorflow.job.source.thresholds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorflow.job.alerting.ThresholdSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds ConfigMap's format, as the controller writes it under {@link #KEY}: {@code
 * {"version": 7, "thresholds": {"overheat": 30.0}}}, the version being the SensorPipeline
 * generation at which the values last changed. Whether the rules exist and the values are in range
 * is for the evaluator to judge; this only reads the shape.
 */
public final class ThresholdsJson {
    public static final String KEY = "thresholds.json";

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ThresholdsJson() {}

    /** A parsed document: the set, and the rule shapes it is for (null when it does not say). */
    public record Document(ThresholdSet set, String rules) {}

    /** The set this text describes; an IllegalArgumentException says what is wrong with it. */
    public static Document parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no key " + KEY);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToExactIntegral() || version.asLong() < 1) {
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
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = thresholds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw new IllegalArgumentException(
                        "threshold of '" + e.getKey() + "' must be a number");
            }
            values.put(e.getKey(), e.getValue().asDouble());
        }
        return new Document(
                ThresholdSet.of(version.asLong(), values), rules == null ? null : rules.asText());
    }
}
