package io.sensorflow.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
import io.sensorflow.operator.flink.Triggers;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * The pipeline's FlinkDeployment: its spec is the factory's, exactly, but for the Flink operator's
 * {@link Triggers}, which stay as the live object has them.
 */
final class FlinkDeploymentDependent extends OwnedDependent<FlinkDeployment> {
    private final FlinkDeploymentFactory factory;

    FlinkDeploymentDependent(FlinkDeploymentFactory factory) {
        super(FlinkDeployment.class);
        this.factory = factory;
    }

    @Override
    String nameOf(SensorPipeline p) {
        return Names.flinkDeployment(p);
    }

    @Override
    protected FlinkDeployment desired(SensorPipeline p, Context<SensorPipeline> context) {
        FlinkDeployment desired = factory.desired(p);
        getSecondaryResource(p, context).ifPresent(live -> Triggers.keep(live, desired));
        return desired;
    }
}
