package io.sensorflow.job.model;

/**
 * Why an input was dead-lettered. The dead-letter record's {@code reason} is the code, followed by
 * {@code ": "} and a detail where one helps ({@code late} has none): consumers can match on the
 * text before the first colon.
 */
public record Rejection(Code code, String detail) {

    /** The kinds of bad input; each has its own dead-letter counter. */
    public enum Code {
        /** Not JSON, not one JSON object, or trailing garbage. */
        MALFORMED_JSON("malformed-json"),
        /** A required field is absent or null. */
        MISSING_FIELD("missing-field"),
        /** A field has the wrong JSON type (a string for a number, a fraction for a time). */
        WRONG_TYPE("wrong-type"),
        /** A field has the right type but a value outside what the contract allows. */
        INVALID_VALUE("invalid-value"),
        /** A value outside the metric's physical range. */
        OUT_OF_RANGE("out-of-range"),
        /** The reading arrived after its window was closed by the watermark. */
        LATE("late");

        private final String text;

        Code(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public static Rejection of(Code code, String detail) {
        return new Rejection(code, detail);
    }

    /** The {@code reason} field of the dead-letter record. */
    public String reasonText() {
        return detail == null || detail.isEmpty() ? code.text : code.text + ": " + detail;
    }
}
