package io.sensorflow.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An alert rule: breached by a window average strictly {@link Direction above or below} its
 * threshold, it fires after {@code consecutiveWindows} breaching windows in a row.
 *
 * <p>Everything but the threshold is the rule's <em>shape</em>, which the job compiles into its CEP
 * patterns and names its state after; the threshold can change while the job runs. A rule may carry
 * no threshold (null) when the job takes it from the thresholds ConfigMap.
 */
public final class Rule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Metric metric;
    private final Direction direction;
    private final Double threshold;
    private final int consecutiveWindows;

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

    /** The same rule without its threshold: what the job's arguments carry. */
    public Rule withoutThreshold() {
        return new Rule(name, metric, direction, null, consecutiveWindows);
    }

    /**
     * {@code <name>-<metric>-<above|below>-<consecutiveWindows>}, e.g. {@code
     * overheat-temperature-above-2}: what the job's state of this rule depends on. A rule whose
     * shape changes is a new rule to a restored job, and a threshold document names the shapes its
     * values are meant for.
     */
    public String shape() {
        return name
                + "-"
                + metric.wireName()
                + "-"
                + direction.wireName()
                + "-"
                + consecutiveWindows;
    }

    /**
     * The shapes of these rules in order, comma-separated, as the thresholds document names them.
     */
    public static String shapes(List<Rule> rules) {
        return rules.stream().map(Rule::shape).collect(Collectors.joining(","));
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
