package io.sensorflow.operator.flink;

import io.sensorflow.api.Pipelines;
import io.sensorflow.operator.crd.CheckpointingSpec;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The FlinkDeployment's {@code flinkConfiguration}: what the platform sets from the spec, and the
 * user's own keys merged in. The platform's keys cannot be overridden: a pipeline that tries is
 * invalid, so what the spec says is what runs.
 */
public final class FlinkSettings {
    private FlinkSettings() {}

    /** Keys the platform owns (set from the spec, or fixed). */
    public static final Set<String> OWNED_KEYS =
            Set.of(
                    "execution.checkpointing.interval",
                    "execution.checkpointing.mode",
                    "execution.checkpointing.dir",
                    "execution.checkpointing.savepoint-dir",
                    "execution.checkpointing.incremental",
                    "execution.checkpointing.externalized-checkpoint-retention",
                    "state.backend.type",
                    "state.checkpoints.dir",
                    "state.savepoints.dir",
                    "state.backend.incremental",
                    "high-availability.type",
                    "high-availability",
                    "high-availability.storageDir",
                    "taskmanager.numberOfTaskSlots",
                    "restart-strategy.type",
                    "job.autoscaler.enabled",
                    "job.autoscaler.vertex.min-parallelism",
                    "job.autoscaler.vertex.max-parallelism",
                    "pipeline.max-parallelism",
                    "execution.savepoint.path",
                    "execution.state-recovery.path",
                    "kubernetes.operator.job.upgrade.last-state-fallback.enabled",
                    "kubernetes.service-account",
                    "kubernetes.taskmanager.service-account");

    /**
     * The whole configuration, sorted by key so that the same spec always gives the same bytes.
     *
     * @param storageDir where checkpoints, savepoints and HA metadata go
     */
    public static Map<String, String> of(SensorPipelineSpec s, String storageDir) {
        Map<String, String> c = new TreeMap<>(s.flinkConfiguration);
        CheckpointingSpec cp = s.checkpointing;
        c.put("execution.checkpointing.mode", cp.mode.name());
        c.put("execution.checkpointing.dir", storageDir + "/checkpoints");
        c.put("execution.checkpointing.savepoint-dir", storageDir + "/savepoints");
        c.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        c.put(
                "state.backend.type",
                cp.stateBackend == CheckpointingSpec.StateBackend.ROCKSDB ? "rocksdb" : "hashmap");
        c.put(
                "execution.checkpointing.incremental",
                Boolean.toString(cp.stateBackend == CheckpointingSpec.StateBackend.ROCKSDB));
        c.put("restart-strategy.type", "exponential-delay");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(s.taskManager.slots));
        // savepoints keep the job's uids; the job fixes its max parallelism at the same
        c.put("pipeline.max-parallelism", Integer.toString(Pipelines.MAX_PARALLELISM));
        // the JobManager's account may run pods; the TaskManagers' only reads ConfigMaps
        c.put("kubernetes.taskmanager.service-account", Names.TASKMANAGER_SERVICE_ACCOUNT);
        if (s.highAvailability) {
            c.put("high-availability.type", "kubernetes");
            c.put("high-availability.storageDir", storageDir + "/ha");
        }
        if (s.autoscaler.enabled) {
            c.put("job.autoscaler.enabled", "true");
            c.put(
                    "job.autoscaler.vertex.min-parallelism",
                    Integer.toString(s.autoscaler.minParallelism));
            c.put(
                    "job.autoscaler.vertex.max-parallelism",
                    Integer.toString(s.autoscaler.maxParallelism));
        }
        return c;
    }
}
