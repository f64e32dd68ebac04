package io.sensorflow.job.model;

import io.sensorflow.api.Metric;
import java.util.Objects;

/**
 * One record as it arrived, before parsing: the text, where it came from (for the dead-letter
 * record), and the metric the transport implies (a Kafka topic says it; files and the generator do
 * not, so their records must carry a {@code type}).
 */
public class RawRecord {
    /** The original text, exactly as received. */
    public String payload;

    /**
     * Where it came from: {@code path:line}, {@code topic/partition@offset} or {@code generator}.
     */
    public String source;

    /** The metric implied by the transport, or null when the record must name it. */
    public Metric impliedMetric;

    public RawRecord() {}

    public RawRecord(String payload, String source, Metric impliedMetric) {
        this.payload = payload;
        this.source = source;
        this.impliedMetric = impliedMetric;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && Objects.equals(payload, r.payload)
                && Objects.equals(source, r.source)
                && impliedMetric == r.impliedMetric;
    }

    @Override
    public int hashCode() {
        return Objects.hash(payload, source, impliedMetric);
    }

    @Override
    public String toString() {
        return source + ": " + payload;
    }
}
