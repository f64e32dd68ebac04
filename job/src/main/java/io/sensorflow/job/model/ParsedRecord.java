package io.sensorflow.job.model;

import java.util.Objects;

/**
 * What a source emits: a record already parsed at the source, so that event time, and with it the
 * watermark, can be taken per source split (per Kafka partition). Exactly one of the two fields is
 * set.
 */
public class ParsedRecord {
    public Reading reading;
    public DeadLetter deadLetter;

    /** For a rejected record, the kind of rejection (its dead letter's reason starts with it). */
    public Rejection.Code rejection;

    /**
     * For a record read from a file, how many bytes of the file were read up to the end of its line
     * (what progress reports measure a replay by); -1 for other sources.
     */
    public long fileOffset = -1;

    public ParsedRecord() {}

    public static ParsedRecord valid(Reading reading) {
        ParsedRecord r = new ParsedRecord();
        r.reading = Objects.requireNonNull(reading);
        return r;
    }

    public static ParsedRecord rejected(DeadLetter deadLetter, Rejection.Code rejection) {
        ParsedRecord r = new ParsedRecord();
        r.deadLetter = Objects.requireNonNull(deadLetter);
        r.rejection = Objects.requireNonNull(rejection);
        return r;
    }

    /** The reading's time; for a rejected record the earliest time, which moves no watermark. */
    public long eventTime() {
        return reading != null ? reading.timestamp : Long.MIN_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedRecord p
                && Objects.equals(reading, p.reading)
                && Objects.equals(deadLetter, p.deadLetter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reading, deadLetter);
    }

    @Override
    public String toString() {
        return reading != null ? reading.toString() : deadLetter.toString();
    }
}
