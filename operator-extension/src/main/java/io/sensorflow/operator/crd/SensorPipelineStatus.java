package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the controller observed and did; written through the status subresource only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = LenientReader.Status.class)
public class SensorPipelineStatus {
    @JsonPropertyDescription(
            "Pending, Deploying, Running, Upgrading, Suspended, Failed or Invalid.")
    public Phase phase;

    @JsonPropertyDescription("The spec generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("The FlinkDeployment that runs the pipeline.")
    public String flinkDeployment;

    @JsonPropertyDescription(
            "The read store the job keeps the read model in (its URL), or absent for none.")
    public String readStore;

    @JsonPropertyDescription("The job's state, mirrored from the FlinkDeployment's status.")
    public JobState jobStatus;

    @JsonPropertyDescription("The threshold set handed to the job.")
    public RulesState rules;

    @JsonPropertyDescription("How the last spec change reached the job.")
    public LastChange lastChange;

    @JsonPropertyDescription(
            "The spec the job runs with, defaults filled in, as JSON: what the next change is"
                    + " compared with.")
    public String appliedSpec;

    @JsonPropertyDescription("Valid, Reconciled and Ready, each with a reason and message.")
    public List<Condition> conditions = new ArrayList<>();

    public enum Phase {
        Pending,
        Deploying,
        Running,
        Upgrading,
        Suspended,
        Failed,
        Invalid
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class JobState {
        public String state;
        public String jobId;
        public String lifecycleState;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RulesState {
        @JsonPropertyDescription("The SensorPipeline generation the thresholds come from.")
        public Long generation;

        @JsonPropertyDescription("When that version was written to the ConfigMap.")
        public String publishedAt;

        @JsonPropertyDescription("The ConfigMap the job reads the thresholds from.")
        public String configMap;

        @JsonPropertyDescription("The rules in short, e.g. overheat:temperature>30.")
        public String summary;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LastChange {
        public Long generation;

        @JsonPropertyDescription(
                "live (thresholds, in the running job), upgrade (through the FlinkDeployment),"
                        + " suspend, resume, or none (nothing for the running job).")
        public String applied;

        @JsonPropertyDescription("The spec fields that changed, e.g. spec.window.size.")
        public List<String> fields;

        @JsonPropertyDescription("The FlinkDeployment's generation after this change.")
        public Long flinkDeploymentGeneration;
    }
}
