package io.sensorflow.job.alerting;

import io.sensorflow.job.model.Metric;
import java.io.Serializable;
import java.util.Objects;

/**
 * An alert rule. Its shape (name, metric, direction, consecutive windows) is compiled into the
 * job's CEP patterns; its threshold is only the starting value, which the broadcast threshold sets
 * may replace while the job runs.
 */
public final class Rule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Metric metric;
    private final Direction direction;
    private final Double threshold;
    private final int consecutiveWindows;

    /**
     * @param threshold the starting value, or null when it will come from a threshold set
     */
    public Rule(
            String name,
            Metric metric,
            Direction direction,
            Double threshold,
            int consecutiveWindows) {
        this.name = Objects.requireNonNull(name);
        this.metric = Objects.requireNonNull(metric);
        this.direction = Objects.requireNonNull(direction);
        this.threshold = threshold;
        this.consecutiveWindows = consecutiveWindows;
    }

    public String name() {
        return name;
    }

    public Metric metric() {
        return metric;
    }

    public Direction direction() {
        return direction;
    }

    /** The threshold given with the rule, or null. */
    public Double threshold() {
        return threshold;
    }

    public int consecutiveWindows() {
        return consecutiveWindows;
    }

    /**
     * What the job's state of this rule depends on, threshold aside, e.g. {@code
     * overheat-temperature-above-2}: the uid of its CEP operator and the key of its started marker.
     * A rule whose shape changes is thus a new rule to a restored job, which starts it afresh and
     * drops the old rule's pattern state instead of matching it against another pattern.
     */
    /** The shapes of these rules in order, as the thresholds ConfigMap names them. */
    public static String signature(java.util.List<Rule> rules) {
        return rules.stream().map(Rule::shape).collect(java.util.stream.Collectors.joining(","));
    }

    public String shape() {
        return name
                + "-"
                + metric.wireName()
                + "-"
                + direction.wireName()
                + "-"
                + consecutiveWindows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r
                && name.equals(r.name)
                && metric == r.metric
                && direction == r.direction
                && Objects.equals(threshold, r.threshold)
                && consecutiveWindows == r.consecutiveWindows;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, metric, direction, threshold, consecutiveWindows);
    }

    @Override
    public String toString() {
        return name
                + ": "
                + metric.wireName()
                + " "
                + direction.wireName()
                + " "
                + threshold
                + " for "
                + consecutiveWindows
                + " window(s)";
    }
}
