package io.sensorflow.operator.flink;

import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;

/**
 * The Flink operator's one-shot triggers on a FlinkDeployment: a {@code kubectl patch} of one asks
 * the Flink operator for a savepoint, a checkpoint, a restart, or a redeploy from a savepoint. They
 * are an operator's requests rather than the pipeline's configuration, so the controller keeps
 * whatever the live object holds instead of setting them back.
 */
public final class Triggers {
    private Triggers() {}

    /** Copies the live object's triggers into the desired one. */
    public static void keep(FlinkDeployment live, FlinkDeployment desired) {
        if (live.getSpec() == null) {
            return;
        }
        desired.getSpec().setRestartNonce(live.getSpec().getRestartNonce());
        JobSpec from = live.getSpec().getJob();
        JobSpec to = desired.getSpec().getJob();
        if (from != null && to != null) {
            to.setSavepointTriggerNonce(from.getSavepointTriggerNonce());
            to.setCheckpointTriggerNonce(from.getCheckpointTriggerNonce());
            to.setSavepointRedeployNonce(from.getSavepointRedeployNonce());
            to.setInitialSavepointPath(from.getInitialSavepointPath());
        }
    }
}
