package io.sensorflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorflow.job.alerting.Direction;
import io.sensorflow.job.alerting.Rule;
import io.sensorflow.job.model.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesParserTest {

    @Test
    void readsTheDesignExampleAndDefaultsConsecutiveWindows() {
        assertThat(
                        RulesParser.parse(
                                "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":1},"
                                        + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":25.5}]",
                                false))
                .containsExactly(
                        new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1),
                        new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 25.5, 1));
    }

    @Test
    void aNullValueIsAllowedOnlyWhenAConfigMapSuppliesIt() {
        String json = "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":null}]";
        assertThat(RulesParser.parse(json, true))
                .containsExactly(
                        new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, null, 1));
        assertThatThrownBy(() -> RulesParser.parse(json, false))
                .hasMessage(
                        "rule 'overheat': 'above' needs a value unless --rules-configmap supplies it");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`[`|not valid JSON",
                "`[]`|must be a non-empty JSON list of rules",
                "`{}`|must be a non-empty JSON list of rules",
                "`[1]`|rule 1: must be a JSON object",
                "`[{\"metric\":\"temperature\",\"above\":1}]`|rule 1: 'name' is required",
                "`[{\"name\":\"Over_Heat\",\"metric\":\"temperature\",\"above\":1}]`|must be a DNS label",
                "`[{\"name\":\"a\",\"metric\":\"pressure\",\"above\":1}]`|rule 'a': 'metric' must be",
                "`[{\"name\":\"a\",\"metric\":\"temperature\"}]`|rule 'a': give exactly one of 'above' and 'below'",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"below\":2}]`|exactly one of",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":\"30\"}]`|'above' must be a number",
                "`[{\"name\":\"a\",\"metric\":\"humidity\",\"below\":120}]`|threshold 120.0 is outside the humidity range [0, 100] %RH",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":0}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":101}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":1.5}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"threshold\":3}]`|unknown field 'threshold'",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1},{\"name\":\"a\",\"metric\":\"humidity\",\"below\":1}]`|rule 2: the name 'a' is used twice",
            })
    void namesTheRuleAndTheMistake(String json, String message) {
        assertThatThrownBy(() -> RulesParser.parse(json, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
