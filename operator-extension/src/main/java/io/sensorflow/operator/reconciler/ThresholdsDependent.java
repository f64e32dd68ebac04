package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.Names;
import io.sensorflow.operator.rules.ThresholdConfigMap;

/** The pipeline's thresholds ConfigMap: its data is exactly the document ({@link OwnedPart}). */
final class ThresholdsDependent extends CRUDKubernetesDependentResource<ConfigMap, SensorPipeline> {
    ThresholdsDependent() {
        super(ConfigMap.class);
        configureWith(OwnedPart.managedOnly(ConfigMap.class));
    }

    @Override
    protected ConfigMap desired(SensorPipeline p, Context<SensorPipeline> context) {
        return ThresholdConfigMap.desired(p, getSecondaryResource(p, context).orElse(null));
    }

    @Override
    public Matcher.Result<ConfigMap> match(
            ConfigMap actual,
            ConfigMap desired,
            SensorPipeline p,
            Context<SensorPipeline> context) {
        return OwnedPart.match(actual, desired, context);
    }

    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(
            SensorPipeline p, Context<SensorPipeline> context) {
        return new ResourceID(Names.thresholdsConfigMap(p), p.getMetadata().getNamespace());
    }
}
