package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.sensorflow.api.Pipelines;

@ValidationRule(
        value = "self.minParallelism <= self.maxParallelism",
        message = "minParallelism must not exceed maxParallelism")
public class AutoscalerSpec {
    @Default("false")
    @JsonPropertyDescription("Let the Flink operator's autoscaler set the parallelism.")
    public Boolean enabled = false;

    @Min(1)
    @Max(Pipelines.MAX_PARALLELISM)
    @Default("1")
    public Integer minParallelism = 1;

    @Min(1)
    @Max(Pipelines.MAX_PARALLELISM)
    @Default("8")
    public Integer maxParallelism = 8;
}
