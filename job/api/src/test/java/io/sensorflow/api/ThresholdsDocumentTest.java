package io.sensorflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The thresholds ConfigMap's document: written by the controller, read by the job. */
class ThresholdsDocumentTest {

    @Test
    void theSameRulesAlwaysGiveTheSameBytes() {
        List<Rule> rules =
                List.of(
                        new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1),
                        new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 40.0, 2));
        ThresholdsDocument doc = ThresholdsDocument.of(7, rules);
        assertThat(doc.toJson())
                .isEqualTo(
                        "{\"version\":7,\"rules\":\"overheat-temperature-above-1,dry-humidity-below-2\","
                                + "\"thresholds\":{\"dry\":40.0,\"overheat\":30.0}}");
        assertThat(ThresholdsDocument.parse(doc.toJson())).isEqualTo(doc);
        assertThat(ThresholdsDocument.of(8, rules).sameValuesAs(doc)).isTrue();
        assertThat(ThresholdsDocument.of(8, rules.subList(0, 1)).sameValuesAs(doc)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"version\":7,\"thresholds\":{\"overheat\":30.0,\"dry\":40}}|7|{dry=40.0, overheat=30.0}",
                "{\"thresholds\":{},\"version\":1}|1|{}",
            })
    void readsDocumentsWithoutRuleShapes(String text, long version, String values) {
        ThresholdsDocument doc = ThresholdsDocument.parse(text);
        assertThat(doc.version()).isEqualTo(version);
        assertThat(doc.rules()).isNull();
        assertThat(doc.thresholds()).hasToString(values);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{|not JSON",
                "[1]|not a JSON object",
                "{\"thresholds\":{}}|'version' must be a positive integer",
                "{\"version\":0,\"thresholds\":{}}|'version' must be a positive integer",
                "{\"version\":1.5,\"thresholds\":{}}|'version' must be a positive integer",
                "{\"version\":\"1\",\"thresholds\":{}}|'version' must be a positive integer",
                "{\"version\":1}|'thresholds' must be an object",
                "{\"version\":1,\"thresholds\":{\"a\":\"hot\"}}|threshold of 'a' must be a number",
                "{\"version\":1,\"thresholds\":{\"a\":1,\"a\":2}}|not JSON",
                "{\"version\":1,\"thresholds\":{}} trailing|not JSON",
                "{\"version\":1,\"rules\":[],\"thresholds\":{}}|'rules' must be a string",
            })
    void refusesAnythingElseSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> ThresholdsDocument.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aMissingKeyIsRefusedToo() {
        assertThatThrownBy(() -> ThresholdsDocument.parse(null))
                .hasMessage("no key " + ThresholdsDocument.KEY);
    }

    @Property
    void anyTextIsReadOrRefusedButNeverBreaksTheReader(@ForAll String text) {
        try {
            assertThat(ThresholdsDocument.parse(text).version()).isPositive();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void roundTripsAnyValues(@ForAll long version, @ForAll double value) {
        if (version < 1 || !Double.isFinite(value)) {
            return;
        }
        ThresholdsDocument doc =
                new ThresholdsDocument(version, "r-temperature-above-1", Map.of("r", value));
        assertThat(ThresholdsDocument.parse(doc.toJson())).isEqualTo(doc);
    }
}
