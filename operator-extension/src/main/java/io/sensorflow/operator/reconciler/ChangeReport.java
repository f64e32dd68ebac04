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
     *     (a new pipeline): then the generation was deployed through the FlinkDeployment
     * @param now the spec applied now
     * @param flinkDeploymentGeneration the FlinkDeployment's generation after this change
     */
    static SensorPipelineStatus.LastChange of(
            long generation, JsonNode applied, JsonNode now, Long flinkDeploymentGeneration) {
        SensorPipelineStatus.LastChange change = new SensorPipelineStatus.LastChange();
        change.generation = generation;
        change.flinkDeploymentGeneration = flinkDeploymentGeneration;
        if (applied == null) {
            change.applied = Kind.UPGRADE.word();
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
}
