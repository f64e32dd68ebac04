package io.sensorflow.operator.rules;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sensorflow.api.Rule;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
import java.util.List;
import java.util.Map;

/**
 * The threshold values of a pipeline's rules, in the ConfigMap the job watches: one key, {@value
 * ThresholdsDocument#KEY}, holding the contract's {@link ThresholdsDocument}.
 *
 * <p>Its {@code version} is the SensorPipeline generation at which the values (or the rule shapes)
 * last changed: a spec edit that leaves them alone (a new window, say) leaves the ConfigMap alone
 * too. Its {@code rules} name the shapes the values are for, so that a job still running the old
 * shapes while the Flink operator upgrades it does not apply a value meant for another shape.
 */
public final class ThresholdConfigMap {
    private ThresholdConfigMap() {}

    /** The ConfigMap the pipeline should have, given the live one (or null). */
    public static ConfigMap desired(SensorPipeline p, ConfigMap live) {
        ThresholdsDocument doc =
                document(
                        p.getSpec().alerting.toRules(),
                        p.getMetadata().getGeneration(),
                        published(live));
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(Names.thresholdsConfigMap(p))
                .withNamespace(p.getMetadata().getNamespace())
                .withLabels(Names.labels(p))
                .withOwnerReferences(FlinkDeploymentFactory.ownerReference(p))
                .endMetadata()
                .withData(Map.of(ThresholdsDocument.KEY, doc.toJson()))
                .build();
    }

    /**
     * The document for these rules at this generation: the published version is kept while the
     * values and shapes are the same; when they change, the version becomes the generation, or one
     * more than the published version if that is higher (the ConfigMap was edited by hand, or left
     * by a pipeline of the same name): the job applies only versions above the one it holds.
     */
    static ThresholdsDocument document(
            List<Rule> rules, long generation, ThresholdsDocument published) {
        ThresholdsDocument wanted = ThresholdsDocument.of(generation, rules);
        if (published == null) {
            return wanted;
        }
        if (wanted.sameValuesAs(published)) {
            return published;
        }
        return ThresholdsDocument.of(Math.max(generation, published.version() + 1), rules);
    }

    /** What a live ConfigMap publishes, or null when it holds no readable document. */
    public static ThresholdsDocument published(ConfigMap cm) {
        String text =
                cm == null || cm.getData() == null
                        ? null
                        : cm.getData().get(ThresholdsDocument.KEY);
        if (text == null) {
            return null;
        }
        try {
            return ThresholdsDocument.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
