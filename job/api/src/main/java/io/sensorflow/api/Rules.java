package io.sensorflow.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a pipeline: their limits, the default, and the checks that both the SensorPipeline
 * resource ({@code spec.alerting.rules}) and the job's {@code --rules} go through, so that a rule
 * one side accepts the other accepts too.
 */
public final class Rules {
    public static final int MIN_WINDOWS = 1;
    public static final int MAX_WINDOWS = 100;
    public static final int MAX_RULES = 50;

    /** The rule of a pipeline that names none: overheat, temperature above 30 °C. */
    public static final Rule DEFAULT =
            new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1);

    private Rules() {}

    /**
     * A rule as written, before it is known to be valid.
     *
     * @param metric null when missing or not a metric
     * @param side null unless exactly one of above and below was given
     * @param value the threshold on that side; null when it comes from the thresholds ConfigMap
     * @param consecutiveWindows null when not a whole number
     */
    public record Draft(
            String name, Metric metric, Direction side, Double value, Integer consecutiveWindows) {}

    /**
     * What is wrong with these rules, each problem at {@code [i].field} (or {@code ""} for the
     * list). Empty when {@link #of} will take them.
     *
     * @param valuesOptional whether a rule may leave its threshold to the thresholds ConfigMap
     */
    public static List<Problem> check(List<Draft> drafts, boolean valuesOptional) {
        List<Problem> problems = new ArrayList<>();
        if (drafts.isEmpty()) {
            problems.add(new Problem("", "needs at least one rule"));
        } else if (drafts.size() > MAX_RULES) {
            problems.add(new Problem("", "has " + drafts.size() + " rules; at most " + MAX_RULES));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            String at = "[" + i + "]";
            // names are DNS labels: they appear in alert ids, state names and the ConfigMap
            if (!KubernetesNames.isDnsLabel(d.name())) {
                problems.add(
                        new Problem(
                                at + ".name",
                                "'"
                                        + d.name()
                                        + "' must be a DNS label: lower-case letters, digits and"
                                        + " '-', at most "
                                        + KubernetesNames.DNS_LABEL_MAX_LENGTH));
            } else if (seen.containsKey(d.name())) {
                problems.add(
                        new Problem(
                                at + ".name",
                                "'"
                                        + d.name()
                                        + "' is also the name of rule ["
                                        + seen.get(d.name())
                                        + "]; names are unique"));
            } else {
                seen.put(d.name(), i);
            }
            if (d.metric() == null) {
                problems.add(new Problem(at + ".metric", "must be temperature or humidity"));
            }
            if (d.side() == null) {
                problems.add(new Problem(at, "set exactly one of above and below"));
            } else if (d.value() == null) {
                if (!valuesOptional) {
                    problems.add(
                            new Problem(
                                    at + "." + d.side().wireName(),
                                    "needs a value (it may be left out only when the values come"
                                            + " from a thresholds ConfigMap)"));
                }
            } else if (!Double.isFinite(d.value())
                    || (d.metric() != null && !d.metric().inRange(d.value()))) {
                problems.add(
                        new Problem(
                                at + "." + d.side().wireName(),
                                "threshold "
                                        + Metric.plain(d.value())
                                        + " is outside the "
                                        + (d.metric() == null
                                                ? "metric's range"
                                                : d.metric().wireName()
                                                        + " range "
                                                        + d.metric().rangeText())));
            }
            if (d.consecutiveWindows() == null
                    || d.consecutiveWindows() < MIN_WINDOWS
                    || d.consecutiveWindows() > MAX_WINDOWS) {
                problems.add(
                        new Problem(
                                at + ".consecutiveWindows",
                                "must be a whole number from "
                                        + MIN_WINDOWS
                                        + " to "
                                        + MAX_WINDOWS));
            }
        }
        return problems;
    }

    /** The rules these drafts describe; an IllegalArgumentException lists what is wrong. */
    public static List<Rule> of(List<Draft> drafts, boolean valuesOptional) {
        List<Problem> problems = check(drafts, valuesOptional);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
        return drafts.stream()
                .map(
                        d ->
                                new Rule(
                                        d.name(),
                                        d.metric(),
                                        d.side(),
                                        d.value(),
                                        d.consecutiveWindows()))
                .toList();
    }
}
