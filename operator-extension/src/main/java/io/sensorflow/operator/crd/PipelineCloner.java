package io.sensorflow.operator.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * The Java Operator SDK's copies of a resource, made as its default does (a serialization round
 * trip), except that a pipeline whose stored spec could not be read stays so: the round trip would
 * otherwise turn its stand-in spec into an ordinary one.
 */
public final class PipelineCloner implements Cloner {
    private final KubernetesSerialization serialization;

    public PipelineCloner(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    @Override
    public <R extends HasMetadata> R clone(R object) {
        R copy = serialization.clone(object);
        if (object instanceof SensorPipeline p
                && copy instanceof SensorPipeline c
                && p.getSpec() != null
                && p.getSpec().unreadable() != null) {
            c.getSpec().markUnreadable(p.getSpec().unreadable());
        }
        return copy;
    }
}
