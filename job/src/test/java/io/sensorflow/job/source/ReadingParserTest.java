package io.sensorflow.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.api.Metric;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingParserTest {

    @Test
    void readsTheContractExample() {
        ParseResult r =
                ReadingParser.parse(
                        "{\"sensorId\": \"greenhouse-1\", \"timestamp\": 1764000000000, \"value\": 31.5}",
                        Metric.TEMPERATURE,
                        "sensors.temperature/3@1234");
        assertThat(r.rejection()).isNull();
        assertThat(r.reading())
                .isEqualTo(
                        new Reading(
                                "greenhouse-1",
                                Metric.TEMPERATURE,
                                1764000000000L,
                                31.5,
                                "sensors.temperature/3@1234",
                                "{\"sensorId\": \"greenhouse-1\", \"timestamp\": 1764000000000, \"value\": 31.5}"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-24T10:00:00Z|1795514400000",
                "2026-11-24T10:00:00.250Z|1795514400250",
                "2026-11-24T11:00:00+01:00|1795514400000",
                "1970-01-01T00:00:00Z|0"
            })
    void acceptsIsoInstants(String iso, long millis) {
        ParseResult r =
                ReadingParser.parse(
                        "{\"sensorId\":\"s\",\"type\":\"humidity\",\"timestamp\":\""
                                + iso
                                + "\",\"value\":0}",
                        null,
                        "f:1");
        assertThat(r.reading().timestamp).isEqualTo(millis);
        assertThat(r.reading().metric).isEqualTo(Metric.HUMIDITY);
    }

    @Test
    void acceptsTheRangeBoundsAndIgnoresUnknownFields() {
        assertThat(
                        parse(
                                        "{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":-90}")
                                .isValid())
                .isTrue();
        assertThat(
                        parse(
                                        "{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":150}")
                                .isValid())
                .isTrue();
        assertThat(
                        parse(
                                        "{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":100.0,\"battery\":{\"v\":[3.1]}}")
                                .isValid())
                .isTrue();
        assertThat(
                        parse(
                                        "{\"sensorId\":\""
                                                + "x".repeat(128)
                                                + "\",\"type\":\"humidity\",\"timestamp\":1,\"value\":1}")
                                .isValid())
                .isTrue();
        assertThat(
                        parse(
                                        "{\"sensorId\":\"A.b_c:d-9\",\"type\":\"humidity\",\"timestamp\":1,\"value\":1}")
                                .isValid())
                .isTrue();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``|malformed-json",
                "`   `|malformed-json",
                "not json|malformed-json",
                "`{\"sensorId\":\"a\"`|malformed-json",
                "`{\"sensorId\":\"a\",}`|malformed-json",
                "`[]`|malformed-json",
                "`\"just a string\"`|malformed-json",
                "`42`|malformed-json",
                "`null`|malformed-json",
                "`{} {}`|malformed-json",
                "`{\"sensorId\":\"a\",\"sensorId\":\"b\",\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|malformed-json",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":NaN}`|malformed-json",
                "`{\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|missing-field: sensorId",
                "`{\"sensorId\":null,\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|missing-field: sensorId",
                "`{\"sensorId\":\"a\",\"timestamp\":1,\"value\":1}`|missing-field: type",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"value\":1}`|missing-field: timestamp",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1}`|missing-field: value",
                "`{\"sensorId\":7,\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|wrong-type",
                "`{\"sensorId\":\"a\",\"type\":[\"humidity\"],\"timestamp\":1,\"value\":1}`|wrong-type",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":true,\"value\":1}`|wrong-type",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1.5,\"value\":1}`|wrong-type",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":\"1\"}`|wrong-type",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":{}}`|wrong-type",
                "`{\"sensorId\":\"\",\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|invalid-value",
                "`{\"sensorId\":\"a/b\",\"type\":\"humidity\",\"timestamp\":1,\"value\":1}`|invalid-value",
                "`{\"sensorId\":\"a\",\"type\":\"Humidity\",\"timestamp\":1,\"value\":1}`|invalid-value",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":\"1795514400000\",\"value\":1}`|invalid-value",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":\"2026-11-24 10:00\",\"value\":1}`|invalid-value",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":-1,\"value\":1}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":253402300800000,\"value\":1}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":99999999999999999999999,\"value\":1}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":100.01}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"humidity\",\"timestamp\":1,\"value\":-0.01}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":-90.5}`|out-of-range",
                "`{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":1e400}`|out-of-range",
            })
    void rejectsWithTheReasonOfTheContract(String payload, String expectedReason) {
        ParseResult r = ReadingParser.parse(payload, null, "f:1");
        assertThat(r.reading()).isNull();
        assertThat(r.rejection().reasonText()).startsWith(expectedReason);
        assertThat(r.rejection().detail()).isNotBlank();
    }

    @Test
    void theTopicsMetricMakesTypeOptionalButMustAgreeWithIt() {
        String noType = "{\"sensorId\":\"a\",\"timestamp\":1,\"value\":20}";
        assertThat(ReadingParser.parse(noType, Metric.HUMIDITY, "t/0@1").reading().metric)
                .isEqualTo(Metric.HUMIDITY);
        String saysTemperature =
                "{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":20}";
        assertThat(
                        ReadingParser.parse(saysTemperature, Metric.HUMIDITY, "t/0@1")
                                .rejection()
                                .reasonText())
                .isEqualTo(
                        "invalid-value: type 'temperature' does not match the topic's metric humidity");
    }

    @Test
    void rangeMessagesSayTheRange() {
        assertThat(
                        parse(
                                        "{\"sensorId\":\"a\",\"type\":\"temperature\",\"timestamp\":1,\"value\":151.0}")
                                .rejection()
                                .reasonText())
                .isEqualTo(
                        "out-of-range: value 151.0 is outside the temperature range [-90, 150] °C");
    }

    private static ParseResult parse(String payload) {
        return ReadingParser.parse(payload, null, "f:1");
    }

    @Test
    void anOrdinaryReadingTakesTheQuickPathFromBytesAndFromText() {
        String line =
                "{\"sensorId\":\"gh-1\",\"type\":\"temperature\",\"timestamp\":1795514400000,\"value\":21.5}";
        Reading expected =
                new Reading("gh-1", Metric.TEMPERATURE, 1795514400000L, 21.5, "src", line);
        assertThat(
                        ReadingParser.QuickPath.read(
                                line.getBytes(StandardCharsets.UTF_8), null, "src", -1))
                .isEqualTo(expected);
        assertThat(ReadingParser.QuickPath.read(line, null, "src")).isEqualTo(expected);
    }

    /** The source is spelled out only when needed, and then reads as it always did. */
    @Test
    void aRecordsSourceIsItsOriginAndPosition() {
        byte[] valid =
                "{\"sensorId\":\"gh-1\",\"timestamp\":1795514400000,\"value\":21.5}"
                        .getBytes(StandardCharsets.UTF_8);
        ParsedRecord ok = ReadingParser.parseRecord(valid, "readings/3@", 17, Metric.TEMPERATURE);
        assertThat(ok.reading.source()).isEqualTo("readings/3@17");
        assertThat(ok.reading.payload).isEqualTo(valid);

        byte[] broken = "{\"sensorId\":".getBytes(StandardCharsets.UTF_8);
        ParsedRecord bad = ReadingParser.parseRecord(broken, "readings/3@", 18, Metric.TEMPERATURE);
        assertThat(bad.deadLetter.source).isEqualTo("readings/3@18");
        assertThat(bad.deadLetter.payload).isEqualTo("{\"sensorId\":");

        ParsedRecord named = ReadingParser.parseRecord(valid, "generator", -1, Metric.TEMPERATURE);
        assertThat(named.reading.source()).isEqualTo("generator");
    }

    /**
     * Jackson's UTF-8 reader takes overlong forms ({@code C0 AE} as '.') that decoding turns into
     * U+FFFD: such bytes must be judged as the decoded text is, and rejected.
     */
    @Test
    void overlongUtf8IsJudgedAsItsDecodedText() {
        byte[] overlongDot =
                concat(
                        "{\"sensorId\":\"s",
                        new byte[] {(byte) 0xC0, (byte) 0xAE},
                        "1\",\"type\":\"temperature\",\"timestamp\":1,\"value\":21.5}");
        byte[] overlongName =
                concat(
                        "{\"sensorI",
                        new byte[] {(byte) 0xC1, (byte) 0xA4},
                        "\":\"s1\",\"type\":\"temperature\",\"timestamp\":1,\"value\":1}");
        for (byte[] bytes : List.of(overlongDot, overlongName)) {
            assertThat(ReadingParser.QuickPath.read(bytes, null, "src", -1)).isNull();
            ParsedRecord parsed = ReadingParser.parseRecord(bytes, "src", null);
            assertThat(parsed.reading).isNull();
            assertThat(parsed.deadLetter.payload)
                    .isEqualTo(new String(bytes, StandardCharsets.UTF_8))
                    .contains("\uFFFD");
        }
        assertThat(ReadingParser.parseRecord(overlongDot, "src", null).deadLetter.reason)
                .startsWith("invalid-value: sensorId");
        assertThat(ReadingParser.parseRecord(overlongName, "src", null).deadLetter.reason)
                .isEqualTo("missing-field: sensorId");
    }

    @Test
    void duplicateKeysLeaveTheQuickPathAndAreRejected() {
        String dup =
                "{\"sensorId\":\"a\",\"x\":1,\"x\":2,\"type\":\"temperature\",\"timestamp\":1,\"value\":1}";
        String nestedDup =
                "{\"sensorId\":\"a\",\"x\":{\"y\":1,\"y\":2},\"type\":\"temperature\",\"timestamp\":1,\"value\":1}";
        for (String text : List.of(dup, nestedDup)) {
            assertThat(ReadingParser.QuickPath.read(text, null, "src")).isNull();
            assertThat(
                            ReadingParser.parseRecord(new RawRecord(text, "src", null))
                                    .deadLetter
                                    .reason)
                    .startsWith("malformed-json: Duplicate field");
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }
}
