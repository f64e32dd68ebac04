package io.sensorflow.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/** The pipeline's FlinkDeployment: its spec is the factory's, exactly ({@link OwnedPart}). */
final class FlinkDeploymentDependent
        extends CRUDKubernetesDependentResource<FlinkDeployment, SensorPipeline> {
    private final FlinkDeploymentFactory factory;

    FlinkDeploymentDependent(FlinkDeploymentFactory factory) {
        super(FlinkDeployment.class);
        this.factory = factory;
        configureWith(OwnedPart.managedOnly(FlinkDeployment.class));
    }

    @Override
    protected FlinkDeployment desired(SensorPipeline p, Context<SensorPipeline> context) {
        return factory.desired(p);
    }

    @Override
    public Matcher.Result<FlinkDeployment> match(
            FlinkDeployment actual,
            FlinkDeployment desired,
            SensorPipeline p,
            Context<SensorPipeline> context) {
        return OwnedPart.match(actual, desired, context);
    }

    /** The factory sets the owner reference itself (controller, blocking deletion). */
    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(
            SensorPipeline p, Context<SensorPipeline> context) {
        return new ResourceID(Names.flinkDeployment(p), p.getMetadata().getNamespace());
    }
}
