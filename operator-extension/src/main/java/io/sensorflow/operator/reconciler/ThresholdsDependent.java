package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.Names;
import io.sensorflow.operator.rules.ThresholdConfigMap;

/** The pipeline's thresholds ConfigMap: its data is exactly the thresholds document. */
final class ThresholdsDependent extends OwnedDependent<ConfigMap> {
    ThresholdsDependent() {
        super(ConfigMap.class);
    }

    @Override
    String nameOf(SensorPipeline p) {
        return Names.thresholdsConfigMap(p);
    }

    @Override
    protected ConfigMap desired(SensorPipeline p, Context<SensorPipeline> context) {
        return ThresholdConfigMap.desired(p, getSecondaryResource(p, context).orElse(null));
    }
}
