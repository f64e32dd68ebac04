package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.sensorflow.api.Rule;
import io.sensorflow.api.Rules;
import java.util.ArrayList;
import java.util.List;

public class AlertingSpec {
    @Size(max = Rules.MAX_RULES)
    @JsonPropertyDescription(
            "Alert rules; default one rule, overheat: temperature above 30. Names are unique.")
    public List<RuleSpec> rules = new ArrayList<>(List.of(RuleSpec.of(Rules.DEFAULT)));

    /** The rules; only for rules that {@link Rules#check} accepts. */
    public List<Rule> toRules() {
        return rules.stream().map(RuleSpec::toRule).toList();
    }
}
