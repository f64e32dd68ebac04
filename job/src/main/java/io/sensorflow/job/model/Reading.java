package io.sensorflow.job.model;

import io.sensorflow.api.Metric;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A valid reading. It keeps its original bytes and origin until the lateness check, the last place
 * where it can still be dead-lettered; both are turned into text only then, since nearly every
 * reading passes and the text would be built for nothing.
 */
public class Reading {
    public String sensorId;
    public Metric metric;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    public double value;

    /**
     * Where it came from, up to its position: {@code topic/partition@} or {@code path:}, or the
     * whole source ({@code generator}) when {@link #position} is negative.
     */
    public String origin;

    /** The Kafka offset or line number that completes {@link #origin}, or -1 for none. */
    public long position;

    /** The original record, UTF-8. */
    public byte[] payload;

    public Reading() {}

    public Reading(
            String sensorId,
            Metric metric,
            long timestamp,
            double value,
            String origin,
            long position,
            byte[] payload) {
        this.sensorId = sensorId;
        this.metric = metric;
        this.timestamp = timestamp;
        this.value = value;
        this.origin = origin;
        this.position = position;
        this.payload = payload;
    }

    /** A reading whose source is named in full and whose original text is at hand. */
    public Reading(
            String sensorId,
            Metric metric,
            long timestamp,
            double value,
            String source,
            String payload) {
        this(
                sensorId,
                metric,
                timestamp,
                value,
                source,
                -1,
                payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code path:line}, {@code topic/partition@offset} or {@code generator}. */
    public String source() {
        return source(origin, position);
    }

    /** A source as records name it: the origin, completed by the position if there is one. */
    public static String source(String origin, long position) {
        return position < 0 || origin == null ? origin : origin + position;
    }

    /** The original record as text (malformed UTF-8 as U+FFFD). */
    public String payloadText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r
                && Objects.equals(sensorId, r.sensorId)
                && metric == r.metric
                && timestamp == r.timestamp
                && Double.compare(value, r.value) == 0
                && Objects.equals(source(), r.source())
                && Arrays.equals(payload, r.payload);
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
