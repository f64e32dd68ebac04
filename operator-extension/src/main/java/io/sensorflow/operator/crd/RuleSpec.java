package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.sensorflow.api.Direction;
import io.sensorflow.api.KubernetesNames;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.api.Rules;

/** A rule: its shape (name, metric, side, windows) is the job's; its value is live. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.above) != has(self.below)",
        message = "exactly one of above and below must be set")
public class RuleSpec {
    @Required
    @Pattern(Patterns.RULE_NAME)
    @Size(max = KubernetesNames.DNS_LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Unique in the list, DNS-label style (e.g. overheat).")
    public String name;

    @Required
    @JsonPropertyDescription("temperature (°C) or humidity (%RH).")
    public Metric metric;

    @JsonPropertyDescription("Breached by an average strictly above this value.")
    public Double above;

    @JsonPropertyDescription("Breached by an average strictly below this value.")
    public Double below;

    @Min(Rules.MIN_WINDOWS)
    @Max(Rules.MAX_WINDOWS)
    @Default("1")
    @JsonPropertyDescription("Breaching windows in a row before the alert fires (1 .. 100).")
    public Integer consecutiveWindows = 1;

    public RuleSpec() {}

    /** The spec of this rule. */
    public static RuleSpec of(Rule rule) {
        RuleSpec r = new RuleSpec();
        r.name = rule.name();
        r.metric = rule.metric();
        if (rule.direction() == Direction.ABOVE) {
            r.above = rule.threshold();
        } else {
            r.below = rule.threshold();
        }
        r.consecutiveWindows = rule.consecutiveWindows();
        return r;
    }

    /** The rule as written, for the checks the job applies to its own rules. */
    public Rules.Draft draft() {
        Direction side =
                (above == null) == (below == null)
                        ? null
                        : above != null ? Direction.ABOVE : Direction.BELOW;
        return new Rules.Draft(
                name, metric, side, side == null ? null : threshold(), consecutiveWindows);
    }

    /** The rule; only for a rule that {@link Rules#check} accepts. */
    public Rule toRule() {
        return new Rule(
                name,
                metric,
                above != null ? Direction.ABOVE : Direction.BELOW,
                threshold(),
                consecutiveWindows);
    }

    /** The threshold, whichever side it is on. */
    public Double threshold() {
        return above != null ? above : below;
    }
}
