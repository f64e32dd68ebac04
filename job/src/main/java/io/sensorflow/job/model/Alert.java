package io.sensorflow.job.model;

import io.sensorflow.api.Metric;
import java.util.Objects;

/** A rule's state change for one sensor, at the window that caused it. */
public class Alert {
    /** {@code <pipeline>/<rule>/<sensorId>/<windowEnd>}: the same alert always has the same id. */
    public String alertId;

    public AlertStatus status;
    public String rule;
    public String sensorId;
    public Metric metric;

    /** The window's average of the rule's metric. */
    public double value;

    /** The threshold it was compared with. */
    public double threshold;

    public long windowStart;
    public long windowEnd;
    public int consecutiveWindows;

    /** The version of the threshold set the aggregate was evaluated under. */
    public long rulesVersion;

    public Alert() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof Alert a
                && Objects.equals(alertId, a.alertId)
                && status == a.status
                && Objects.equals(rule, a.rule)
                && Objects.equals(sensorId, a.sensorId)
                && metric == a.metric
                && Double.compare(value, a.value) == 0
                && Double.compare(threshold, a.threshold) == 0
                && windowStart == a.windowStart
                && windowEnd == a.windowEnd
                && consecutiveWindows == a.consecutiveWindows
                && rulesVersion == a.rulesVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, status);
    }

    @Override
    public String toString() {
        return status + " " + alertId + " value=" + value + " threshold=" + threshold;
    }
}
