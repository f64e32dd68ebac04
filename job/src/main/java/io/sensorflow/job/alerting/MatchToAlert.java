package io.sensorflow.job.alerting;

import io.sensorflow.api.Rule;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.MetricNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns a match of {@link AlertPatterns} into the alert record of its last evaluation, and counts
 * the alerts that leave the job.
 */
public class MatchToAlert extends PatternProcessFunction<RuleEvaluation, Alert> {
    private final String pipeline;
    private final Rule rule;

    private transient Counter firing;
    private transient Counter resolved;

    public MatchToAlert(String pipeline, Rule rule) {
        this.pipeline = pipeline;
        this.rule = rule;
    }

    @Override
    public void open(Configuration parameters) {
        var metrics = getRuntimeContext().getMetricGroup();
        firing =
                metrics.addGroup(MetricNames.STATUS, AlertStatus.FIRING.name())
                        .counter(MetricNames.ALERTS_OUT);
        resolved =
                metrics.addGroup(MetricNames.STATUS, AlertStatus.RESOLVED.name())
                        .counter(MetricNames.ALERTS_OUT);
    }

    @Override
    public void processMatch(
            Map<String, List<RuleEvaluation>> match, Context ctx, Collector<Alert> out) {
        List<RuleEvaluation> evaluations = match.get(AlertPatterns.EVALUATIONS);
        AlertStatus status =
                AlertPatterns.isFiring(evaluations) ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        (status == AlertStatus.FIRING ? firing : resolved).inc();
        out.collect(toAlert(evaluations.get(evaluations.size() - 1), status));
    }

    Alert toAlert(RuleEvaluation e, AlertStatus status) {
        Alert a = new Alert();
        a.alertId = alertId(pipeline, rule.name(), e.sensorId, e.windowEnd);
        a.status = status;
        a.rule = rule.name();
        a.sensorId = e.sensorId;
        a.metric = rule.metric();
        a.value = e.value;
        a.threshold = e.threshold;
        a.windowStart = e.windowStart;
        a.windowEnd = e.windowEnd;
        a.consecutiveWindows = rule.consecutiveWindows();
        a.rulesVersion = e.rulesVersion;
        return a;
    }

    /** {@code <pipeline>/<rule>/<sensorId>/<windowEnd>}, the window end as an ISO-8601 instant. */
    public static String alertId(String pipeline, String rule, String sensorId, long windowEnd) {
        return pipeline + "/" + rule + "/" + sensorId + "/" + Instant.ofEpochMilli(windowEnd);
    }
}
