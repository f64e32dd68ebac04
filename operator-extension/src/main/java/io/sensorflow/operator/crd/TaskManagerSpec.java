package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class TaskManagerSpec {
    @Min(value = 0, inclusive = false)
    @Default("1")
    @JsonPropertyDescription("CPU cores.")
    public Double cpu = 1.0;

    @Pattern(Patterns.MEMORY)
    @Default("2048m")
    @JsonPropertyDescription("Memory, as Flink writes it (e.g. 2048m, 4g).")
    public String memory = "2048m";

    @Min(1)
    @Default("2")
    @JsonPropertyDescription("Task slots per TaskManager.")
    public Integer slots = 2;
}
