package io.sensorflow.job.model;

import java.util.Objects;

/** Input the job could not use, kept with the reason so that nothing is lost silently. */
public class DeadLetter {
    /** A reason code, then for most codes {@code ": "} and the detail; see {@link Rejection}. */
    public String reason;

    public String source;
    public String payload;

    /** When it was dead-lettered, epoch milliseconds (processing time). */
    public long at;

    public DeadLetter() {}

    public DeadLetter(String reason, String source, String payload, long at) {
        this.reason = reason;
        this.source = source;
        this.payload = payload;
        this.at = at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Objects.equals(reason, d.reason)
                && Objects.equals(source, d.source)
                && Objects.equals(payload, d.payload)
                && at == d.at;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, source, payload);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + " from " + source + "}";
    }
}
