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

/** A rule: its shape (name, metric, side, windows) is the job's; its value is live. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.above) != has(self.below)",
        message = "exactly one of above and below must be set")
public class RuleSpec {
    @Required
    @Pattern(Patterns.DNS_LABEL)
    @Size(max = 63)
    @JsonPropertyDescription("Unique in the list, DNS-label style (e.g. overheat).")
    public String name;

    @Required
    @JsonPropertyDescription("temperature (°C) or humidity (%RH).")
    public Metric metric;

    @JsonPropertyDescription("Breached by an average strictly above this value.")
    public Double above;

    @JsonPropertyDescription("Breached by an average strictly below this value.")
    public Double below;

    @Min(1)
    @Max(100)
    @Default("1")
    @JsonPropertyDescription("Breaching windows in a row before the alert fires (1 .. 100).")
    public Integer consecutiveWindows = 1;

    public RuleSpec() {}

    public RuleSpec(String name, Metric metric, Double above, Double below, int windows) {
        this.name = name;
        this.metric = metric;
        this.above = above;
        this.below = below;
        this.consecutiveWindows = windows;
    }

    /** DESIGN.md's default: overheat, temperature above 30. */
    public static RuleSpec defaultRule() {
        return new RuleSpec("overheat", Metric.TEMPERATURE, 30.0, null, 1);
    }

    /**
     * The rule's shape as the job names it ({@code <name>-<metric>-<above|below>-<windows>}):
     * everything but the value, which is what a running job cannot change.
     */
    public String shape() {
        return name
                + "-"
                + metric.wireName()
                + "-"
                + (above != null ? "above" : "below")
                + "-"
                + consecutiveWindows;
    }

    /** The threshold, whichever side it is on. */
    public Double threshold() {
        return above != null ? above : below;
    }
}
