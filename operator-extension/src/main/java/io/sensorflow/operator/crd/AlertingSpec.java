package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

public class AlertingSpec {
    @Size(max = 50)
    @JsonPropertyDescription(
            "Alert rules; default one rule, overheat: temperature above 30. Names are unique.")
    public List<RuleSpec> rules = new ArrayList<>(List.of(RuleSpec.defaultRule()));
}
