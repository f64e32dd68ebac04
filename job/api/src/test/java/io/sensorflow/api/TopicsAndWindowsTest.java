package io.sensorflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks both sides apply to topics and windows. */
class TopicsAndWindowsTest {

    @Test
    void theDefaultTopicsAreFine() {
        assertThat(Topics.check(defaults())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a b", "ümlaut", "x/y"})
    void anIllegalTopicNameIsNamedByItsRole(String topic) {
        Map<String, String> topics = new LinkedHashMap<>(defaults());
        topics.put("alerts", topic);
        assertThat(Topics.check(topics))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.field()).isEqualTo("alerts");
                            assertThat(p.message()).contains("is not a Kafka topic name");
                        });
    }

    @Test
    void twoRolesCannotShareATopic() {
        Map<String, String> topics = new LinkedHashMap<>(defaults());
        topics.put("averages", Topics.TEMPERATURE);
        assertThat(Topics.check(topics))
                .singleElement()
                .hasToString(
                        "averages: 'sensors.temperature' is also the temperature topic: each"
                                + " stream needs a topic of its own");
    }

    @Test
    void everyRoleHasAnOption() {
        assertThat(defaults().keySet().stream().map(JobCommandLine::topicOption))
                .containsExactly(
                        "--temperature-topic",
                        "--humidity-topic",
                        "--averages-topic",
                        "--alerts-topic",
                        "--dead-letter-topic");
    }

    @Test
    void aWindowIsBetweenOneSecondAndADayAndHoldsItsOutOfOrderness() {
        assertThat(
                        Windows.check(
                                Durations.parse(Windows.DEFAULT_SIZE),
                                Durations.parse(Windows.DEFAULT_MAX_OUT_OF_ORDERNESS)))
                .isEmpty();
        assertThat(Windows.check(Duration.ofMillis(500), Duration.ZERO))
                .singleElement()
                .hasToString("size: 500ms is outside 1s .. 24h");
        assertThat(Windows.check(Duration.ofMinutes(10), Duration.ofMinutes(20)))
                .singleElement()
                .hasToString(
                        "maxOutOfOrderness: 20m is longer than the window (10m); make it at most"
                                + " the window size");
    }

    /** The default topic of each role. */
    static Map<String, String> defaults() {
        return Topics.byRole(
                Topics.TEMPERATURE,
                Topics.HUMIDITY,
                Topics.AVERAGES,
                Topics.ALERTS,
                Topics.DEAD_LETTER);
    }
}
