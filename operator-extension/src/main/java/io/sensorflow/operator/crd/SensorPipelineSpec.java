package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.sensorflow.api.Pipelines;
import io.sensorflow.api.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user asks for. Fields carry their defaults in Java as in the CRD, so that the controller
 * sees the same pipeline whether or not an API server filled the defaults in. A stored spec the
 * model cannot read is not an error here: it is read as {@link #unreadable()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = LenientReader.Spec.class)
public class SensorPipelineSpec {
    @Required
    @JsonPropertyDescription("Where the readings come from and the results go.")
    public KafkaSpec kafka;

    @JsonPropertyDescription("The tumbling window of the averages and its event-time bounds.")
    public WindowSpec window = new WindowSpec();

    @JsonPropertyDescription("The alert rules over the averages.")
    public AlertingSpec alerting = new AlertingSpec();

    @JsonPropertyDescription("Checkpoints: how often, how, where, on which state backend.")
    public CheckpointingSpec checkpointing = new CheckpointingSpec();

    @JsonPropertyDescription(
            "Optional: also keep the read model (averages, latest values, alerts) in PostgreSQL.")
    public ReadStoreSpec readStore;

    @Min(1)
    @Max(Pipelines.MAX_PARALLELISM)
    @Default("2")
    @JsonPropertyDescription(
            "Parallelism of the job (its starting point when autoscaled), 1 .. 128.")
    public Integer parallelism = 2;

    @JsonPropertyDescription("The Flink operator's autoscaler.")
    public AutoscalerSpec autoscaler = new AutoscalerSpec();

    @Default("true")
    @JsonPropertyDescription(
            "Kubernetes high availability: a standby JobManager and HA metadata in storageDir.")
    public Boolean highAvailability = true;

    @Default("savepoint")
    @JsonPropertyDescription("How the Flink operator upgrades the job when the spec changes.")
    public UpgradeMode upgradeMode = UpgradeMode.SAVEPOINT;

    @Default("false")
    @JsonPropertyDescription("true suspends the job (with a savepoint); false runs it.")
    public Boolean suspend = false;

    @JsonPropertyDescription("The job's container image; the controller's default when unset.")
    public String image;

    @JsonPropertyDescription("JobManager resources.")
    public JobManagerSpec jobManager = new JobManagerSpec();

    @JsonPropertyDescription("TaskManager resources.")
    public TaskManagerSpec taskManager = new TaskManagerSpec();

    @JsonPropertyDescription(
            "Extra Flink configuration; keys the platform sets itself are refused.")
    public Map<String, String> flinkConfiguration = new LinkedHashMap<>();

    /** Why the stored spec could not be read, or null when it could. Not part of the resource. */
    private transient Problem unreadable;

    /** Why the stored spec could not be read (then nothing else here holds), or null. */
    public Problem unreadable() {
        return unreadable;
    }

    /** Marks this spec as standing for one that could not be read. */
    void markUnreadable(Problem problem) {
        this.unreadable = problem;
    }
}
