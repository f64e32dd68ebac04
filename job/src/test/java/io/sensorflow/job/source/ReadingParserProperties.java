package io.sensorflow.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.api.Metric;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the reading parser: it never throws, and valid readings survive a round trip. */
class ReadingParserProperties {

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll byte[] bytes, @ForAll Metric implied) {
        ParseResult r =
                ReadingParser.parse(new String(bytes, StandardCharsets.UTF_8), implied, "x");
        assertExactlyOneOutcome(r);
    }

    @Property(tries = 3000)
    void asciiIsJudgedByEveryByte(@ForAll byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            ascii &= b >= 0;
        }
        assertThat(ReadingParser.QuickPath.isAscii(bytes)).isEqualTo(ascii);
    }

    @Property(tries = 3000)
    void randomTextNeverThrows(@ForAll String text) {
        assertExactlyOneOutcome(ReadingParser.parse(text, null, "x"));
    }

    @Property(tries = 3000)
    void mutatedValidRecordsNeverThrow(
            @ForAll("validReadings") Reading reading,
            @ForAll("mutations") Mutation mutation,
            @ForAll @IntRange(min = 0, max = 10_000) int position) {
        String json = toJson(reading, true, false);
        String mutated = mutation.apply(json, position % (json.length() + 1));
        ParseResult r = ReadingParser.parse(mutated, null, "x");
        assertExactlyOneOutcome(r);
        if (r.isValid()) {
            Reading p = r.reading();
            assertThat(p.sensorId).matches("[A-Za-z0-9._:-]{1,128}");
            assertThat(p.metric.inRange(p.value)).isTrue();
            assertThat(p.timestamp).isBetween(0L, ReadingParser.MAX_TIMESTAMP);
        }
    }

    /**
     * The quick path from bytes and from text gives exactly what the full judgement gives for the
     * decoded text, on valid records, mutated ones (duplicate keys, nesting, truncation, NUL and
     * non-ASCII characters) and random bytes alike.
     */
    @Property(tries = 5000)
    void theQuickPathAgreesWithTheFullJudgement(
            @ForAll("validReadings") Reading reading,
            @ForAll("mutations") Mutation mutation,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll boolean mutate,
            @ForAll boolean typeFromTopic,
            @ForAll boolean extraField) {
        String json = toJson(reading, !typeFromTopic, false);
        if (extraField) {
            json = json.replace("{", "{\"site\":\"north\",");
        }
        String text = mutate ? mutation.apply(json, position % (json.length() + 1)) : json;
        if (!mutate) {
            // the ordinary case must not fall back: else this property would test nothing
            assertThat(
                            ReadingParser.QuickPath.read(
                                    text.getBytes(StandardCharsets.UTF_8),
                                    typeFromTopic ? reading.metric : null,
                                    "src",
                                    -1))
                    .isNotNull();
        }
        assertSameOutcome(
                text.getBytes(StandardCharsets.UTF_8), typeFromTopic ? reading.metric : null);
    }

    @Property(tries = 3000)
    void theQuickPathAgreesOnRandomBytes(@ForAll byte[] bytes, @ForAll Metric implied) {
        assertSameOutcome(bytes, implied);
    }

    private static void assertSameOutcome(byte[] bytes, Metric implied) {
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        ParseResult full = ReadingParser.parse(decoded, implied, "src");
        for (ParsedRecord quick :
                List.of(
                        ReadingParser.parseRecord(bytes, "src", implied),
                        ReadingParser.parseRecord(new RawRecord(decoded, "src", implied)))) {
            if (full.isValid()) {
                assertThat(quick.reading).isEqualTo(full.reading());
            } else {
                assertThat(quick.reading).isNull();
                assertThat(quick.deadLetter.reason).isEqualTo(full.rejection().reasonText());
                assertThat(quick.deadLetter.payload).isEqualTo(decoded);
            }
        }
    }

    @Property(tries = 2000)
    void validRecordsRoundTrip(
            @ForAll("validReadings") Reading reading,
            @ForAll boolean isoTimestamp,
            @ForAll boolean typeFromTopic) {
        String json = toJson(reading, !typeFromTopic, isoTimestamp);
        ParseResult r = ReadingParser.parse(json, typeFromTopic ? reading.metric : null, "src");
        assertThat(r.rejection()).isNull();
        assertThat(r.reading())
                .isEqualTo(
                        new Reading(
                                reading.sensorId,
                                reading.metric,
                                reading.timestamp,
                                reading.value,
                                "src",
                                json));
    }

    @Property(tries = 1000)
    void valuesOutsideThePhysicalRangeAreRejected(
            @ForAll("validReadings") Reading reading, @ForAll boolean high) {
        double outside =
                high
                        ? (reading.metric == Metric.TEMPERATURE ? 150.5 : 100.5)
                        : (reading.metric == Metric.TEMPERATURE ? -90.5 : -0.5);
        reading.value = outside + (high ? 1 : -1) * Math.abs(reading.value);
        ParseResult r = ReadingParser.parse(toJson(reading, true, false), null, "x");
        assertThat(r.rejection().code()).isEqualTo(Rejection.Code.OUT_OF_RANGE);
    }

    private static void assertExactlyOneOutcome(ParseResult r) {
        assertThat(r).isNotNull();
        assertThat(r.reading() == null).isNotEqualTo(r.rejection() == null);
    }

    @Provide
    Arbitrary<Reading> validReadings() {
        Arbitrary<String> ids =
                Arbitraries.strings().withChars("abcXYZ0129._:-").ofMinLength(1).ofMaxLength(128);
        Arbitrary<Metric> metrics = Arbitraries.of(Metric.class);
        Arbitrary<Long> times = Arbitraries.longs().between(0, ReadingParser.MAX_TIMESTAMP);
        Arbitrary<Double> fractions = Arbitraries.doubles().between(0, 1);
        return Combinators.combine(ids, metrics, times, fractions)
                .as(
                        (id, metric, ts, f) -> {
                            double value = metric == Metric.TEMPERATURE ? -90 + 240 * f : 100 * f;
                            return new Reading(id, metric, ts, value, null, null);
                        });
    }

    /** A small edit to a text at a position. */
    interface Mutation {
        String apply(String text, int position);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Character> chars =
                Arbitraries.of(
                        '{', '}', '"', ',', ':', '[', '\\', '0', '-', 'e', ' ', '\u0000', 'é', 'n');
        return Arbitraries.oneOf(
                Arbitraries.just((t, p) -> t.substring(0, p)),
                Arbitraries.just(
                        (t, p) -> p < t.length() ? t.substring(0, p) + t.substring(p + 1) : t),
                chars.map(c -> (t, p) -> t.substring(0, p) + c + t.substring(p)),
                chars.map(
                        c ->
                                (t, p) ->
                                        p < t.length()
                                                ? t.substring(0, p) + c + t.substring(p + 1)
                                                : t + c),
                Arbitraries.just((t, p) -> t.substring(p) + t.substring(0, p)),
                Arbitraries.just((t, p) -> t + t));
    }

    static String toJson(Reading r, boolean withType, boolean isoTimestamp) {
        String ts =
                isoTimestamp
                        ? "\"" + Instant.ofEpochMilli(r.timestamp) + "\""
                        : Long.toString(r.timestamp);
        return String.format(
                Locale.ROOT,
                "{\"sensorId\":\"%s\",%s\"timestamp\":%s,\"value\":%s}",
                r.sensorId,
                withType ? "\"type\":\"" + r.metric.wireName() + "\"," : "",
                ts,
                Double.toString(r.value));
    }
}
