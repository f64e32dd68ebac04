package io.sensorflow.job.alerting;

import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Turns a match of {@link AlertPatterns} into the alert record of its last evaluation. */
public class MatchToAlert extends PatternProcessFunction<RuleEvaluation, Alert> {
    private final String pipeline;
    private final Rule rule;
    private final AlertStatus status;

    public MatchToAlert(String pipeline, Rule rule, AlertStatus status) {
        this.pipeline = pipeline;
        this.rule = rule;
        this.status = status;
    }

    @Override
    public void processMatch(
            Map<String, List<RuleEvaluation>> match, Context ctx, Collector<Alert> out) {
        List<RuleEvaluation> last =
                match.get(
                        status == AlertStatus.FIRING
                                ? AlertPatterns.BREACHES
                                : AlertPatterns.CALM_AFTER);
        out.collect(toAlert(last.get(last.size() - 1)));
    }

    Alert toAlert(RuleEvaluation e) {
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
