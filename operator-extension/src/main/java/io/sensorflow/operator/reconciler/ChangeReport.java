package io.sensorflow.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.reconciler.ChangePolicy.Change;
import io.sensorflow.operator.reconciler.ChangePolicy.Kind;
import java.util.List;

/** {@code status.lastChange}: how a new generation reached the job, by the {@link ChangePolicy}. */
final class ChangeReport {
    private ChangeReport() {}

    /**
     * @param applied the spec applied before ({@link AppliedSpec}), or null when there is no record
     *     (a new pipeline, or one last reconciled by a controller that kept none): then what was
     *     written tells how the generation reached the job
     * @param now the spec applied now
     * @param written what this reconciliation wrote
     */
    static SensorPipelineStatus.LastChange of(
            long generation, JsonNode applied, JsonNode now, Written written) {
        SensorPipelineStatus.LastChange change = new SensorPipelineStatus.LastChange();
        change.generation = generation;
        change.flinkDeploymentGeneration = written.flinkDeploymentGeneration();
        if (applied == null) {
            change.applied =
                    (written.flinkDeployment()
                                    ? Kind.UPGRADE
                                    : written.thresholds() ? Kind.LIVE : Kind.NONE)
                            .word();
            return change;
        }
        List<Change> changes = ChangePolicy.changes(applied, now);
        Kind kind = ChangePolicy.of(changes);
        change.applied =
                kind == Kind.SUSPEND && !now.path("suspend").asBoolean(false)
                        ? "resume"
                        : kind.word();
        change.fields = changes.isEmpty() ? null : changes.stream().map(Change::field).toList();
        return change;
    }

    /**
     * What a reconciliation wrote: the FlinkDeployment's spec, the thresholds, and the
     * FlinkDeployment's generation after it.
     */
    record Written(boolean flinkDeployment, boolean thresholds, Long flinkDeploymentGeneration) {}
}
