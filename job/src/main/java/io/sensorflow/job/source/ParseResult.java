package io.sensorflow.job.source;

import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;

/** Either a valid reading or the reason the record was rejected; never both. */
public record ParseResult(Reading reading, Rejection rejection) {

    static ParseResult accepted(Reading reading) {
        return new ParseResult(reading, null);
    }

    static ParseResult rejected(Rejection.Code code, String detail) {
        return new ParseResult(null, Rejection.of(code, detail));
    }

    public boolean isValid() {
        return reading != null;
    }
}
