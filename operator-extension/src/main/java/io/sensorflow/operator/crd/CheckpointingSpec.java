package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.sensorflow.api.Pipelines;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointingSpec {
    @Pattern(Patterns.DURATION)
    @Default(Pipelines.DEFAULT_CHECKPOINT_INTERVAL)
    @JsonPropertyDescription("Checkpoint interval; Kafka results are committed at each one.")
    public String interval = Pipelines.DEFAULT_CHECKPOINT_INTERVAL;

    @Default("EXACTLY_ONCE")
    @JsonPropertyDescription("EXACTLY_ONCE or AT_LEAST_ONCE; also the Kafka sink's guarantee.")
    public Mode mode = Mode.EXACTLY_ONCE;

    @JsonPropertyDescription(
            "Checkpoints, savepoints and HA metadata (e.g. s3://bucket/sensorflow/<pipeline>);"
                    + " default <controller state dir>/<namespace>/<pipeline>.")
    public String storageDir;

    @Default("rocksdb")
    @JsonPropertyDescription("rocksdb (incremental checkpoints) or hashmap.")
    public StateBackend stateBackend = StateBackend.ROCKSDB;

    public enum Mode {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public enum StateBackend {
        @JsonProperty("rocksdb")
        ROCKSDB,
        @JsonProperty("hashmap")
        HASHMAP
    }
}
