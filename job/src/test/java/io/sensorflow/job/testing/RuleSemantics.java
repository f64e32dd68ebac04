package io.sensorflow.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.api.Rule;
import io.sensorflow.job.alerting.MatchToAlert;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.sink.RecordJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's alert rules ("Records") written as a plain state machine per sensor and rule, the
 * reference that the CEP patterns are held against.
 */
public final class RuleSemantics {
    private RuleSemantics() {}

    /** The alerts of these rules over aggregates given in window order per sensor. */
    public static List<Alert> alerts(String pipeline, List<Rule> rules, List<Aggregate> inOrder) {
        Map<String, int[]> streaks = new LinkedHashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (Aggregate a : inOrder) {
            for (Rule rule : rules) {
                Double value = a.average(rule.metric());
                if (value == null) {
                    continue;
                }
                int[] streak =
                        streaks.computeIfAbsent(a.sensorId + "/" + rule.name(), k -> new int[1]);
                if (rule.direction().breaches(value, rule.threshold())) {
                    streak[0]++;
                    if (streak[0] == rule.consecutiveWindows()) {
                        alerts.add(alert(pipeline, a, rule, AlertStatus.FIRING, value));
                    }
                } else {
                    if (streak[0] >= rule.consecutiveWindows()) {
                        alerts.add(alert(pipeline, a, rule, AlertStatus.RESOLVED, value));
                    }
                    streak[0] = 0;
                }
            }
        }
        return alerts;
    }

    /** The same over aggregate records as written to the averages topic, alerts as records. */
    public static List<JsonNode> alertRecords(
            String pipeline, List<Rule> rules, List<JsonNode> inOrder) {
        List<Aggregate> aggregates = inOrder.stream().map(RuleSemantics::aggregate).toList();
        return alerts(pipeline, rules, aggregates).stream()
                .map(a -> JsonLines.parse(RecordJson.of(a)))
                .toList();
    }

    /** The alert record the README describes for this aggregate, rule and status. */
    public static Alert alert(
            String pipeline, Aggregate a, Rule rule, AlertStatus status, double value) {
        Alert alert = new Alert();
        alert.alertId = MatchToAlert.alertId(pipeline, rule.name(), a.sensorId, a.windowEnd);
        alert.status = status;
        alert.rule = rule.name();
        alert.sensorId = a.sensorId;
        alert.metric = rule.metric();
        alert.value = value;
        alert.threshold = rule.threshold();
        alert.windowStart = a.windowStart;
        alert.windowEnd = a.windowEnd;
        alert.consecutiveWindows = rule.consecutiveWindows();
        alert.rulesVersion = 0;
        return alert;
    }

    static Aggregate aggregate(JsonNode r) {
        return new Aggregate(
                r.get("sensorId").asText(),
                Instant.parse(r.get("windowStart").asText()).toEpochMilli(),
                Instant.parse(r.get("windowEnd").asText()).toEpochMilli(),
                r.get("avgTemperature").isNull() ? null : r.get("avgTemperature").asDouble(),
                r.get("avgHumidity").isNull() ? null : r.get("avgHumidity").asDouble(),
                r.get("temperatureReadings").asLong(),
                r.get("humidityReadings").asLong());
    }
}
