package io.sensorflow.job.model;

import io.sensorflow.api.Metric;
import java.util.Objects;

/**
 * A valid reading. It keeps its original text and origin until the lateness check, the last place
 * where it can still be dead-lettered.
 */
public class Reading {
    public String sensorId;
    public Metric metric;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    public double value;
    public String source;
    public String payload;

    public Reading() {}

    public Reading(
            String sensorId,
            Metric metric,
            long timestamp,
            double value,
            String source,
            String payload) {
        this.sensorId = sensorId;
        this.metric = metric;
        this.timestamp = timestamp;
        this.value = value;
        this.source = source;
        this.payload = payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r
                && Objects.equals(sensorId, r.sensorId)
                && metric == r.metric
                && timestamp == r.timestamp
                && Double.compare(value, r.value) == 0
                && Objects.equals(source, r.source)
                && Objects.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensorId, metric, timestamp, value);
    }

    @Override
    public String toString() {
        return metric.wireName() + " " + sensorId + "@" + timestamp + "=" + value;
    }
}
