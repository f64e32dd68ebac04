package io.sensorflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar of the job's options and the SensorPipeline's fields. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms,500",
        "30s,30000",
        "10m,600000",
        "10min,600000",
        "1h,3600000",
        "1d,86400000",
        "0s,0"
    })
    void parsesFlinkStyleDurations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "banana",
                "10",
                "",
                "1.5s",
                "-1s",
                "10 minutes",
                "1w",
                "s",
                "99999999999999999999s",
                " 2s",
                "2 s",
                "1234567890s"
            })
    void refusesAnythingElseWithAnExample(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Property
    void formatIsTheShortestExactSpellingAndParsesBack(
            @ForAll @LongRange(min = 0, max = 999_999_999L) long millis) {
        Duration d = Duration.ofMillis(millis);
        String text = Durations.format(d);
        assertThat(Durations.parse(text)).isEqualTo(d);
    }

    @ParameterizedTest
    @CsvSource({"600000,10m", "1000,1s", "1500,1500ms", "7200000,2h", "86400000,1d", "90000,90s"})
    void formatsReadably(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
