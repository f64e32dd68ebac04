package io.sensorflow.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.crd.SensorPipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The thresholds version: when it stays and when it becomes the pipeline's generation. */
class ThresholdConfigMapTest {
    static final Rule OVERHEAT = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1);
    static final Rule DRY = new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 40.0, 2);

    @Test
    void aFirstPublicationTakesTheGeneration() {
        assertThat(ThresholdConfigMap.document(List.of(OVERHEAT, DRY), 4, null).version())
                .isEqualTo(4);
    }

    @Test
    void theSameValuesKeepThePublishedVersion() {
        ThresholdsDocument published = ThresholdsDocument.of(2, List.of(OVERHEAT, DRY));
        assertThat(ThresholdConfigMap.document(List.of(OVERHEAT, DRY), 9, published))
                .isEqualTo(published);
    }

    @Test
    void aNewValueTakesTheGeneration() {
        ThresholdsDocument published = ThresholdsDocument.of(2, List.of(OVERHEAT, DRY));
        Rule hotter = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 35.0, 1);
        ThresholdsDocument next = ThresholdConfigMap.document(List.of(hotter, DRY), 9, published);
        assertThat(next.version()).isEqualTo(9);
        assertThat(next.thresholds()).containsEntry("overheat", 35.0);
    }

    @Test
    void aNewShapeWithTheSameValueTakesTheGenerationToo() {
        // the running job must not apply 30 as "above" once the rule says "below"
        ThresholdsDocument published = ThresholdsDocument.of(2, List.of(OVERHEAT));
        Rule below = new Rule("overheat", Metric.TEMPERATURE, Direction.BELOW, 30.0, 1);
        ThresholdsDocument next = ThresholdConfigMap.document(List.of(below), 3, published);
        assertThat(next.version()).isEqualTo(3);
        assertThat(next.rules()).isEqualTo("overheat-temperature-below-1");
    }

    @Test
    void aVersionRaisedByHandIsOvertakenSoThatTheJobAppliesTheSpecsValues() {
        // someone wrote version 999 with values of their own; the job now holds 999
        Rule byHand = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 80.0, 1);
        ThresholdsDocument tampered = ThresholdsDocument.of(999, List.of(byHand));
        ThresholdsDocument restored = ThresholdConfigMap.document(List.of(OVERHEAT), 4, tampered);
        assertThat(restored.version()).isEqualTo(1000);
        assertThat(restored.thresholds()).containsEntry("overheat", 30.0);
        // and a later edit of the spec goes above it too
        Rule hotter = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 35.0, 1);
        assertThat(ThresholdConfigMap.document(List.of(hotter), 5, restored).version())
                .isEqualTo(1001);
    }

    @Test
    void aLiveConfigMapWithoutAReadableDocumentPublishesNothing() {
        assertThat(ThresholdConfigMap.published(null)).isNull();
        assertThat(ThresholdConfigMap.published(new ConfigMap())).isNull();
        assertThat(ThresholdConfigMap.published(withData(Map.of("thresholds.json", "{broken"))))
                .isNull();
        assertThat(ThresholdConfigMap.published(withData(Map.of("other", "x")))).isNull();
    }

    @Test
    void theDesiredConfigMapHoldsTheDocumentAndNothingElse() {
        SensorPipeline p = Pipelines.greenhouse("ns");
        p.getMetadata().setGeneration(5L);
        ConfigMap live =
                withData(
                        Map.of(
                                ThresholdsDocument.KEY,
                                ThresholdsDocument.of(3, p.getSpec().alerting.toRules()).toJson(),
                                "left-by-an-old-version",
                                "x"));
        ConfigMap desired = ThresholdConfigMap.desired(p, live);
        assertThat(desired.getData()).containsOnlyKeys(ThresholdsDocument.KEY);
        assertThat(
                        ThresholdsDocument.parse(desired.getData().get(ThresholdsDocument.KEY))
                                .version())
                .isEqualTo(3);
        assertThat(desired.getMetadata().getName()).isEqualTo("greenhouse-thresholds");
    }

    static ConfigMap withData(Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName("x")
                .endMetadata()
                .withData(data)
                .build();
    }
}
