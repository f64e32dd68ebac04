package io.sensorflow.job.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.sensorflow.api.Metric;
import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection.Code;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns the text of a reading into a {@link Reading}, or says precisely why not. It never throws:
 * every input, however broken, yields a result, so that bad input cannot fail the job.
 *
 * <p>The contract (README, "Records"): {@code sensorId} is 1..128 characters of {@code
 * [A-Za-z0-9._:-]}; {@code timestamp} is epoch milliseconds or an ISO-8601 instant; {@code value}
 * is a finite number within the metric's physical range; {@code type} names the metric, required
 * unless the transport implies it, and must agree with it when both are given. Other fields are
 * ignored. The whole text must be one JSON object without duplicate keys: the document is checked
 * for well-formedness before any field is judged.
 */
public final class ReadingParser {

    static final int MAX_SENSOR_ID_LENGTH = 128;
    private static final Pattern SENSOR_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Year 9999, the last instant that ISO-8601 writes without a sign. */
    static final long MAX_TIMESTAMP = 253402300799999L;

    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ReadingParser() {}

    public static ParseResult parse(RawRecord raw) {
        return parse(raw.payload, raw.impliedMetric, raw.source);
    }

    /** Parses a record as a source emits it: a reading, or a dead letter stamped now. */
    public static ParsedRecord parseRecord(RawRecord raw) {
        ParseResult result = parse(raw);
        if (result.isValid()) {
            return ParsedRecord.valid(result.reading());
        }
        return ParsedRecord.rejected(
                new DeadLetter(
                        result.rejection().reasonText(),
                        raw.source,
                        raw.payload,
                        System.currentTimeMillis()),
                result.rejection().code());
    }

    public static ParseResult parse(String payload, Metric impliedMetric, String source) {
        if (payload == null) {
            return ParseResult.rejected(Code.MALFORMED_JSON, "empty record");
        }
        Fields fields;
        try {
            fields = Fields.read(payload);
        } catch (JsonProcessingException e) {
            return ParseResult.rejected(Code.MALFORMED_JSON, describe(e));
        } catch (IOException e) {
            return ParseResult.rejected(Code.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (fields == null) {
            return ParseResult.rejected(Code.MALFORMED_JSON, "not a JSON object");
        }
        return validate(fields, impliedMetric, source, payload);
    }

    private static ParseResult validate(
            Fields f, Metric impliedMetric, String source, String payload) {
        // sensorId
        if (isAbsent(f.sensorIdToken)) {
            return ParseResult.rejected(Code.MISSING_FIELD, "sensorId");
        }
        if (f.sensorIdToken != JsonToken.VALUE_STRING) {
            return ParseResult.rejected(Code.WRONG_TYPE, "sensorId must be a string");
        }
        if (!SENSOR_ID.matcher(f.sensorId).matches()) {
            return ParseResult.rejected(
                    Code.INVALID_VALUE,
                    "sensorId "
                            + quote(f.sensorId)
                            + " must be 1..128 characters of A-Z a-z 0-9 . _ : -");
        }

        // type, or the metric the transport implies
        Metric metric;
        if (isAbsent(f.typeToken)) {
            if (impliedMetric == null) {
                return ParseResult.rejected(Code.MISSING_FIELD, "type");
            }
            metric = impliedMetric;
        } else if (f.typeToken != JsonToken.VALUE_STRING) {
            return ParseResult.rejected(Code.WRONG_TYPE, "type must be a string");
        } else {
            metric = Metric.fromWireName(f.type);
            if (metric == null) {
                return ParseResult.rejected(
                        Code.INVALID_VALUE,
                        "type " + quote(f.type) + " is neither temperature nor humidity");
            }
            if (impliedMetric != null && metric != impliedMetric) {
                return ParseResult.rejected(
                        Code.INVALID_VALUE,
                        "type "
                                + quote(f.type)
                                + " does not match the topic's metric "
                                + impliedMetric.wireName());
            }
        }

        // timestamp
        long timestamp;
        if (isAbsent(f.timestampToken)) {
            return ParseResult.rejected(Code.MISSING_FIELD, "timestamp");
        } else if (f.timestampToken == JsonToken.VALUE_NUMBER_INT) {
            if (!f.timestampFitsLong) {
                return ParseResult.rejected(
                        Code.OUT_OF_RANGE, "timestamp " + quote(f.timestampText) + " is too large");
            }
            timestamp = f.timestampMillis;
        } else if (f.timestampToken == JsonToken.VALUE_STRING) {
            try {
                timestamp =
                        Instant.from(DateTimeFormatter.ISO_INSTANT.parse(f.timestampText))
                                .toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                return ParseResult.rejected(
                        Code.INVALID_VALUE,
                        "timestamp "
                                + quote(f.timestampText)
                                + " is not an ISO-8601 instant such as 2026-11-24T10:00:00Z");
            }
        } else {
            return ParseResult.rejected(
                    Code.WRONG_TYPE,
                    "timestamp must be epoch milliseconds (an integer) or an ISO-8601 string");
        }
        if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
            return ParseResult.rejected(
                    Code.OUT_OF_RANGE,
                    "timestamp " + timestamp + " is outside 1970-01-01 .. 9999-12-31");
        }

        // value
        if (isAbsent(f.valueToken)) {
            return ParseResult.rejected(Code.MISSING_FIELD, "value");
        }
        if (f.valueToken != JsonToken.VALUE_NUMBER_INT
                && f.valueToken != JsonToken.VALUE_NUMBER_FLOAT) {
            return ParseResult.rejected(Code.WRONG_TYPE, "value must be a number");
        }
        if (!Double.isFinite(f.value)) {
            return ParseResult.rejected(
                    Code.OUT_OF_RANGE, "value " + quote(f.valueText) + " is not a finite number");
        }
        if (!metric.inRange(f.value)) {
            return ParseResult.rejected(
                    Code.OUT_OF_RANGE,
                    "value "
                            + f.valueText
                            + " is outside the "
                            + metric.wireName()
                            + " range "
                            + metric.rangeText());
        }
        return ParseResult.accepted(
                new Reading(f.sensorId, metric, timestamp, f.value, source, payload));
    }

    private static boolean isAbsent(JsonToken token) {
        return token == null || token == JsonToken.VALUE_NULL;
    }

    private static String quote(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return "'" + shown + "'";
    }

    /** Jackson's message without its source excerpt, plus where in the text it stumbled. */
    private static String describe(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        int excerpt = message.indexOf(" (start marker at");
        if (excerpt >= 0) {
            message = message.substring(0, excerpt);
        }
        return e.getLocation() == null || e.getLocation().getColumnNr() < 1
                ? message
                : message + " at column " + e.getLocation().getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The fields we care about, read in one pass over a well-formed document. */
    private static final class Fields {
        JsonToken sensorIdToken;
        String sensorId;
        JsonToken typeToken;
        String type;
        JsonToken timestampToken;
        String timestampText;
        long timestampMillis;
        boolean timestampFitsLong;
        JsonToken valueToken;
        String valueText;
        double value;

        /** Null when the document is well-formed JSON but not an object. */
        static Fields read(String payload) throws IOException {
            try (JsonParser p = JSON.createParser(payload)) {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new IOException("empty record");
                }
                if (first != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    requireEnd(p);
                    return null;
                }
                Fields f = new Fields();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken token = p.nextToken();
                    switch (name) {
                        case "sensorId" -> {
                            f.sensorIdToken = token;
                            f.sensorId = token == JsonToken.VALUE_STRING ? p.getText() : null;
                        }
                        case "type" -> {
                            f.typeToken = token;
                            f.type = token == JsonToken.VALUE_STRING ? p.getText() : null;
                        }
                        case "timestamp" -> {
                            f.timestampToken = token;
                            if (token == JsonToken.VALUE_NUMBER_INT) {
                                f.timestampText = p.getText();
                                JsonParser.NumberType type = p.getNumberType();
                                f.timestampFitsLong = type != JsonParser.NumberType.BIG_INTEGER;
                                f.timestampMillis = f.timestampFitsLong ? p.getLongValue() : 0;
                            } else if (token == JsonToken.VALUE_STRING) {
                                f.timestampText = p.getText();
                            }
                        }
                        case "value" -> {
                            f.valueToken = token;
                            if (token == JsonToken.VALUE_NUMBER_INT
                                    || token == JsonToken.VALUE_NUMBER_FLOAT) {
                                f.valueText = p.getText();
                                f.value = p.getDoubleValue();
                            }
                        }
                        default -> {
                            // not ours: ignored, but still checked for well-formedness
                        }
                    }
                    p.skipChildren();
                }
                requireEnd(p);
                return f;
            }
        }

        private static void requireEnd(JsonParser p) throws IOException {
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON object");
            }
        }
    }
}
