package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class JobManagerSpec {
    @Min(value = 0, inclusive = false)
    @Default("1")
    @JsonPropertyDescription("CPU cores.")
    public Double cpu = 1.0;

    @Pattern(Patterns.MEMORY)
    @Default("1600m")
    @JsonPropertyDescription("Memory, as Flink writes it (e.g. 1600m, 2g).")
    public String memory = "1600m";
}
