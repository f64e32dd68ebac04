package io.sensorflow.job.source.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorflow.job.alerting.ThresholdSet;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The thresholds ConfigMap's text, as the controller writes it, and what else may be found there.
 */
class ThresholdsJsonTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"version\":7,\"thresholds\":{\"overheat\":30.0,\"dry\":40}}|v7 {overheat=30.0, dry=40.0}",
                "{\"thresholds\":{},\"version\":1}|v1 {}",
            })
    void readsWhatTheControllerWrites(String text, String expected) {
        assertThat(ThresholdsJson.parse(text).set()).hasToString(expected);
    }

    @org.junit.jupiter.api.Test
    void keepsTheRuleShapesTheValuesAreFor() {
        String text =
                "{\"version\":3,\"rules\":\"overheat-temperature-above-1\","
                        + "\"thresholds\":{\"overheat\":30.0}}";
        assertThat(ThresholdsJson.parse(text).rules()).isEqualTo("overheat-temperature-above-1");
        assertThat(ThresholdsJson.parse("{\"version\":3,\"thresholds\":{}}").rules()).isNull();
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
                "{\"version\":1}|'thresholds' must be an object",
                "{\"version\":1,\"thresholds\":{\"a\":\"hot\"}}|threshold of 'a' must be a number",
                "{\"version\":1,\"thresholds\":{\"a\":1,\"a\":2}}|not JSON",
                "{\"version\":1,\"thresholds\":{}} trailing|not JSON",
                "{\"version\":1,\"rules\":[],\"thresholds\":{}}|'rules' must be a string",
            })
    void refusesAnythingElseSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> ThresholdsJson.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Property
    void anyTextIsReadOrRefusedButNeverBreaksTheReader(@ForAll String text) {
        try {
            ThresholdSet set = ThresholdsJson.parse(text).set();
            assertThat(set.version).isPositive();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void roundTripsAnyValues(@ForAll long version, @ForAll double value) {
        if (version < 1 || !Double.isFinite(value)) {
            return;
        }
        String text = "{\"version\":" + version + ",\"thresholds\":{\"r\":" + value + "}}";
        assertThat(ThresholdsJson.parse(text).set())
                .isEqualTo(ThresholdSet.of(version, Map.of("r", value)));
    }
}
