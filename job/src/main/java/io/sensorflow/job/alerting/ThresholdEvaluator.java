package io.sensorflow.job.alerting;

import io.sensorflow.api.Rule;
import io.sensorflow.job.model.Aggregate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each sensor's aggregates against the rules' current thresholds.
 *
 * <p>Thresholds live in broadcast state, so every parallel instance holds the same set, a new set
 * applies to the aggregates that arrive after it, and the set survives checkpoints. Until a set
 * arrives the thresholds given with the rules (version 0) apply; a set of version 0 is never
 * stored, so a restart with other values on the command line applies them. A set is refused,
 * keeping the last good one, when it names a rule this job does not have, gives a value outside the
 * metric's range, or is older than the one in force.
 */
public class ThresholdEvaluator
        extends KeyedBroadcastProcessFunction<String, Aggregate, ThresholdSet, RuleEvaluation> {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdEvaluator.class);

    /** The broadcast state: the threshold set in force, under {@link #CURRENT}. */
    public static final MapStateDescriptor<String, ThresholdSet> THRESHOLDS =
            new MapStateDescriptor<>(
                    "thresholds", Types.STRING, TypeInformation.of(ThresholdSet.class));

    private static final String CURRENT = "current";

    private final List<Rule> rules;

    /** The rules' shapes, built once rather than for every aggregate. */
    private final List<String> shapes;

    private final ThresholdSet initial;

    private transient MapState<String, Boolean> startedRules;
    private transient volatile long versionInForce;
    private transient Counter setsApplied;
    private transient Counter setsRejected;

    public ThresholdEvaluator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.shapes = this.rules.stream().map(Rule::shape).toList();
        this.initial = initialSet(rules);
    }

    /** Version 0: the thresholds given with the rules on the command line. */
    public static ThresholdSet initialSet(List<Rule> rules) {
        Map<String, Double> values =
                rules.stream()
                        .filter(r -> r.threshold() != null)
                        .collect(
                                Collectors.toMap(
                                        Rule::name,
                                        Rule::threshold,
                                        (a, b) -> a,
                                        java.util.LinkedHashMap::new));
        return ThresholdSet.of(0, values);
    }

    @Override
    public void open(Configuration parameters) {
        startedRules =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "started-rules", Types.STRING, Types.BOOLEAN));
        versionInForce = initial.version;
        var metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("rulesVersion", () -> versionInForce);
        setsApplied = metrics.counter("thresholdSetsApplied");
        setsRejected = metrics.counter("thresholdSetsRejected");
    }

    @Override
    public void processElement(
            Aggregate aggregate, ReadOnlyContext ctx, Collector<RuleEvaluation> out)
            throws Exception {
        ThresholdSet live = ctx.getBroadcastState(THRESHOLDS).get(CURRENT);
        ThresholdSet inForce = live != null ? live : initial;
        versionInForce = inForce.version;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            Double value = aggregate.average(rule.metric());
            if (value == null) {
                continue; // the window had no reading of this metric: the rule skips it
            }
            Double threshold = threshold(rule, inForce);
            if (threshold == null) {
                continue; // no value known for this rule yet
            }
            if (!startedRules.contains(shapes.get(i))) {
                startedRules.put(shapes.get(i), true);
                out.collect(
                        RuleEvaluation.startOf(
                                aggregate.sensorId,
                                rule.name(),
                                aggregate.windowStart,
                                aggregate.windowEnd));
            }
            RuleEvaluation e = new RuleEvaluation();
            e.sensorId = aggregate.sensorId;
            e.rule = rule.name();
            e.value = value;
            e.threshold = threshold;
            e.breached = rule.direction().breaches(value, threshold);
            e.rulesVersion = inForce.version;
            e.windowStart = aggregate.windowStart;
            e.windowEnd = aggregate.windowEnd;
            out.collect(e);
        }
    }

    private Double threshold(Rule rule, ThresholdSet inForce) {
        Double value = inForce.valueOf(rule.name());
        return value != null ? value : initial.valueOf(rule.name());
    }

    @Override
    public void processBroadcastElement(
            ThresholdSet update, Context ctx, Collector<RuleEvaluation> out) throws Exception {
        if (update.version == initial.version) {
            // The command line's own values, which every start of the job has anyway. Stored,
            // they would outlive a restart from a savepoint with other values on the command line.
            return;
        }
        BroadcastState<String, ThresholdSet> state = ctx.getBroadcastState(THRESHOLDS);
        ThresholdSet current = state.get(CURRENT);
        long currentVersion = current != null ? current.version : initial.version;
        String problem = problemWith(update, currentVersion);
        if (problem != null) {
            setsRejected.inc();
            LOG.warn(
                    "Ignoring threshold set v{} ({}); keeping v{}",
                    update.version,
                    problem,
                    currentVersion);
            return;
        }
        state.put(CURRENT, update);
        versionInForce = update.version;
        setsApplied.inc();
        LOG.info(
                "Thresholds v{} applied in subtask {}: {}",
                update.version,
                getRuntimeContext().getIndexOfThisSubtask(),
                update.asMap());
    }

    /** Why this set must not replace the one in force, or null when it may. */
    private String problemWith(ThresholdSet update, long currentVersion) {
        if (update.version < currentVersion) {
            return "older than the version in force";
        }
        for (int i = 0; i < update.rules.length; i++) {
            String name = update.rules[i];
            Rule rule = rules.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
            if (rule == null) {
                return "unknown rule '" + name + "'";
            }
            if (!rule.metric().inRange(update.values[i])) {
                return "threshold "
                        + update.values[i]
                        + " for '"
                        + name
                        + "' is outside the "
                        + rule.metric().wireName()
                        + " range "
                        + rule.metric().rangeText();
            }
        }
        return null;
    }
}
