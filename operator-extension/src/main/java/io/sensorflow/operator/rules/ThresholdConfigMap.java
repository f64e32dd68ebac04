package io.sensorflow.operator.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
import java.util.Map;
import java.util.TreeMap;

/**
 * The threshold values of a pipeline's rules, in the ConfigMap the job watches:
 *
 * <pre>
 * data:
 *   thresholds.json: {"version":7,"rules":"overheat-temperature-above-1,dry-humidity-below-2",
 *                     "thresholds":{"dry":40.0,"overheat":30.0}}
 * </pre>
 *
 * {@code version} is the SensorPipeline generation at which these values (or the rule shapes) were
 * last changed: a spec edit that leaves them alone (a new window, say) leaves the ConfigMap alone
 * too. {@code rules} names the shapes the values are for, so that a job still running the old
 * shapes while the Flink operator upgrades it to new ones does not apply a value meant for another
 * shape (the job refuses a set whose {@code rules} are not its own).
 */
public final class ThresholdConfigMap {
    public static final String KEY = "thresholds.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThresholdConfigMap() {}

    /** The ConfigMap to write, with the threshold version it carries. */
    public record Desired(ConfigMap configMap, long version) {}

    /** What a live ConfigMap says. */
    record Published(long version, String rules, Map<String, Double> values) {}

    /** The rule shapes, in the spec's order, as the job lists its own. */
    public static String rules(SensorPipeline p) {
        return p.getSpec().alerting.rules.stream()
                .map(RuleSpec::shape)
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The values the spec asks for, by rule name. */
    static Map<String, Double> values(SensorPipeline p) {
        Map<String, Double> values = new TreeMap<>();
        for (RuleSpec r : p.getSpec().alerting.rules) {
            values.put(r.name, r.threshold());
        }
        return values;
    }

    /**
     * The ConfigMap the pipeline should have, given the live one (or null): the live version is
     * kept while the values are the same, and becomes the pipeline's generation when they change.
     */
    public static Desired desired(SensorPipeline p, ConfigMap live) {
        Map<String, Double> values = values(p);
        String rules = rules(p);
        Published published = live == null ? null : read(live);
        long version =
                published != null
                                && published.values().equals(values)
                                && rules.equals(published.rules())
                        ? published.version()
                        : p.getMetadata().getGeneration();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("version", version);
        doc.put("rules", rules);
        ObjectNode thresholds = doc.putObject("thresholds");
        values.forEach(thresholds::put);
        ConfigMap cm =
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(Names.thresholdsConfigMap(p))
                        .withNamespace(p.getMetadata().getNamespace())
                        .withLabels(Names.labels(p))
                        .withOwnerReferences(FlinkDeploymentFactory.ownerReference(p))
                        .endMetadata()
                        .withData(Map.of(KEY, doc.toString()))
                        .build();
        return new Desired(cm, version);
    }

    /** The version and values in a ConfigMap, or null when it holds no readable set. */
    static Published read(ConfigMap cm) {
        String text = cm.getData() == null ? null : cm.getData().get(KEY);
        if (text == null) {
            return null;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (!doc.path("version").canConvertToLong() || !doc.path("thresholds").isObject()) {
            return null;
        }
        Map<String, Double> values = new TreeMap<>();
        doc.get("thresholds")
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
        return new Published(doc.get("version").asLong(), doc.path("rules").asText(null), values);
    }
}
