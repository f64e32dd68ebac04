package io.sensorflow.job.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.sensorflow.api.Metric;
import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection.Code;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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
 *
 * <p>Numbers are read with Jackson's fast double parser, which rounds correctly as {@link
 * Double#parseDouble} does, to the same value.
 */
public final class ReadingParser {

    static final int MAX_SENSOR_ID_LENGTH = 128;

    /** Year 9999, the last instant that ISO-8601 writes without a sign. */
    static final long MAX_TIMESTAMP = 253402300799999L;

    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .build();

    /**
     * For the quick path, which detects duplicate keys itself (see {@link QuickPath}). Its buffers
     * come from a pool of its own: Jackson's default, per thread, was seen re-creating its thread
     * local for a large part of every parse.
     */
    private static final JsonFactory QUICK_JSON =
            JsonFactory.builder()
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .recyclerPool(JsonRecyclerPools.newLockFreePool())
                    .build();

    private ReadingParser() {}

    /**
     * Parses a record's UTF-8 bytes as a source emits it: a reading, or a dead letter stamped now.
     * An ordinary valid reading is read straight from the bytes; anything else is decoded (invalid
     * UTF-8 as U+FFFD) and judged by {@link #parse(String, Metric, String)}, so the result is
     * always exactly that of parsing the decoded text.
     *
     * @param origin the record's source up to its position ({@code topic/partition@}, {@code
     *     path:}), or all of it when {@code position} is negative
     * @param position the offset or line number that completes the source, joined to it only if the
     *     record is dead-lettered
     */
    public static ParsedRecord parseRecord(
            byte[] payload, String origin, long position, Metric impliedMetric) {
        if (payload != null) {
            Reading quick = QuickPath.read(payload, impliedMetric, origin, position);
            if (quick != null) {
                return ParsedRecord.valid(quick);
            }
        }
        return parseRecord(
                new RawRecord(
                        payload == null ? null : new String(payload, StandardCharsets.UTF_8),
                        Reading.source(origin, position),
                        impliedMetric));
    }

    /** {@link #parseRecord(byte[], String, long, Metric)} of a source named in full. */
    public static ParsedRecord parseRecord(byte[] payload, String source, Metric impliedMetric) {
        return parseRecord(payload, source, -1, impliedMetric);
    }

    public static ParseResult parse(RawRecord raw) {
        return parse(raw.payload, raw.impliedMetric, raw.source);
    }

    /** Parses a record as a source emits it: a reading, or a dead letter stamped now. */
    public static ParsedRecord parseRecord(RawRecord raw) {
        if (raw.payload != null) {
            Reading quick = QuickPath.read(raw.payload, raw.impliedMetric, raw.source);
            if (quick != null) {
                return ParsedRecord.valid(quick);
            }
        }
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
        if (!isSensorId(f.sensorId)) {
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

    /** 1..128 characters of A-Z a-z 0-9 . _ : - (a hand-written {@code [A-Za-z0-9._:-]{1,128}}). */
    static boolean isSensorId(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_SENSOR_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == ':'
                            || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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

    /**
     * The common case read in one pass with no detours: a flat object whose four fields are all
     * valid. It returns null, to hand the record to the full judgement, as soon as anything is
     * unusual: a nested value (whose duplicate keys it would have to check), an ISO timestamp, a
     * duplicate key, a missing or invalid field, malformed JSON, or bytes that Jackson could take
     * for another encoding than UTF-8. Whatever it accepts, the full judgement accepts with the
     * same values.
     */
    static final class QuickPath {
        private static final int SENSOR_ID = 1;
        private static final int TYPE = 2;
        private static final int TIMESTAMP = 4;
        private static final int VALUE = 8;
        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private QuickPath() {}

        static Reading read(byte[] utf8, Metric impliedMetric, String origin, long position) {
            // Jackson guesses UTF-16/32 from zero bytes at the start; '{' first rules that out.
            // Anything but ASCII takes the way through the decoded text: Jackson's UTF-8 reader
            // takes overlong forms that decoding turns into U+FFFD.
            if (utf8.length < 2 || utf8[0] != '{' || utf8[1] == 0 || !isAscii(utf8)) {
                return null;
            }
            try (JsonParser p = QUICK_JSON.createParser(utf8)) {
                return read(p, impliedMetric, origin, position, utf8);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Whether no byte has its high bit set, tested eight bytes at a time. */
        static boolean isAscii(byte[] bytes) {
            long seen = 0;
            int i = 0;
            for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
                seen |= (long) LONGS.get(bytes, i);
            }
            for (; i < bytes.length; i++) {
                seen |= bytes[i]; // a negative byte sets the high bits as it widens
            }
            return (seen & 0x8080808080808080L) == 0;
        }

        static Reading read(String text, Metric impliedMetric, String source) {
            if (text.isEmpty() || text.charAt(0) != '{') {
                return null;
            }
            try (JsonParser p = QUICK_JSON.createParser(text)) {
                Reading reading = read(p, impliedMetric, source, -1, null);
                if (reading != null) {
                    reading.payload = text.getBytes(StandardCharsets.UTF_8);
                }
                return reading;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /**
         * @param utf8 the bytes being parsed, or null when parsing text
         */
        private static Reading read(
                JsonParser p, Metric impliedMetric, String origin, long position, byte[] utf8)
                throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String sensorId = null;
            Metric typeMetric = null;
            boolean typeNamed = false;
            long timestamp = 0;
            double value = 0;
            int seen = 0;
            List<String> others = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int field;
                switch (name) {
                    case "sensorId" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        field = SENSOR_ID;
                        sensorId = p.getText();
                    }
                    case "type" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            typeNamed = true;
                            typeMetric =
                                    Metric.fromWireName(
                                            p.getTextCharacters(),
                                            p.getTextOffset(),
                                            p.getTextLength());
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        field = TYPE;
                    }
                    case "timestamp" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        field = TIMESTAMP;
                        timestamp = p.getLongValue();
                    }
                    case "value" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                            return null;
                        }
                        field = VALUE;
                        value = p.getDoubleValue();
                    }
                    default -> {
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                            return null;
                        }
                        if (others == null) {
                            others = new ArrayList<>(2);
                        } else if (others.contains(name)) {
                            return null;
                        }
                        others.add(name);
                        field = 0;
                    }
                }
                if ((seen & field) != 0) {
                    return null;
                }
                seen |= field;
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            if (sensorId == null || !isSensorId(sensorId) || (seen & TIMESTAMP) == 0) {
                return null;
            }
            Metric metric = typeNamed ? typeMetric : impliedMetric;
            if (metric == null
                    || (impliedMetric != null && metric != impliedMetric)
                    || (seen & VALUE) == 0
                    || timestamp < 0
                    || timestamp > MAX_TIMESTAMP
                    || !Double.isFinite(value)
                    || !metric.inRange(value)) {
                return null;
            }
            return new Reading(sensorId, metric, timestamp, value, origin, position, utf8);
        }
    }
}
