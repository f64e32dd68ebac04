package io.sensorflow.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The controller's settings as the chart passes them, and a clear error for each bad one. */
class OperatorSettingsTest {
    @Test
    void defaultsWhenNothingIsSet() {
        OperatorSettings s = OperatorSettings.fromEnvironment(Map.of());
        assertThat(s.namespaces()).isEmpty();
        assertThat(s.jobImage()).isEqualTo(OperatorSettings.DEFAULT_JOB_IMAGE);
        assertThat(s.stateDir()).isNull();
        assertThat(s.leaderElection()).isFalse();
        assertThat(s.httpPort()).isEqualTo(8080);
    }

    @Test
    void whatTheChartSets() {
        OperatorSettings s =
                OperatorSettings.fromEnvironment(
                        Map.of(
                                "SENSORFLOW_NAMESPACES", " plant-a, plant-b ,",
                                "SENSORFLOW_JOB_IMAGE", "registry.example/job:2",
                                "SENSORFLOW_STATE_DIR", "s3://bucket/sensorflow/",
                                "SENSORFLOW_LEADER_ELECTION", "true",
                                "SENSORFLOW_HTTP_PORT", "9090",
                                "SENSORFLOW_LOG_LEVEL", "DEBUG"));
        assertThat(s.namespaces()).isEqualTo(List.of("plant-a", "plant-b"));
        assertThat(s.jobImage()).isEqualTo("registry.example/job:2");
        assertThat(s.stateDir()).isEqualTo("s3://bucket/sensorflow");
        assertThat(s.leaderElection()).isTrue();
        assertThat(s.httpPort()).isEqualTo(9090);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SENSORFLOW_LEADER_ELECTION | yes | SENSORFLOW_LEADER_ELECTION must be true or false, not 'yes'",
                "SENSORFLOW_HTTP_PORT | 0 | SENSORFLOW_HTTP_PORT must be a port number, not '0'",
                "SENSORFLOW_HTTP_PORT | 70000 | SENSORFLOW_HTTP_PORT must be a port number, not '70000'",
                "SENSORFLOW_LOG_LEVEL | verbose | SENSORFLOW_LOG_LEVEL must be one of [TRACE, DEBUG, INFO, WARN, ERROR], not 'verbose'",
            })
    void aBadValueNamesTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
