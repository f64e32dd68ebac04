package io.sensorflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code --rules} list: what the controller writes, the job reads back, mistakes named. */
class RulesJsonTest {

    @Test
    void readsTheReadmeExampleAndDefaultsConsecutiveWindows() {
        assertThat(
                        RulesJson.parse(
                                "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":1},"
                                        + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":25.5}]",
                                false))
                .containsExactly(
                        new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1),
                        new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 25.5, 1));
    }

    @Test
    void writesTheSideWithoutTheValueWhenTheThresholdComesFromTheConfigMap() {
        List<Rule> rules =
                List.of(
                        new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1)
                                .withoutThreshold(),
                        new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 40.0, 2)
                                .withoutThreshold());
        String json = RulesJson.write(rules);
        assertThat(json)
                .isEqualTo(
                        "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":null,\"consecutiveWindows\":1},"
                                + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":null,\"consecutiveWindows\":2}]");
        assertThat(RulesJson.parse(json, true)).isEqualTo(rules);
        assertThatThrownBy(() -> RulesJson.parse(json, false))
                .hasMessageContaining("[0].above: needs a value");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`[`|not valid JSON",
                "`[]`|must be a non-empty JSON list of rules",
                "`{}`|must be a non-empty JSON list of rules",
                "`[1]`|[0]: must be a JSON object",
                "`[{\"metric\":\"temperature\",\"above\":1}]`|[0].name: is required",
                "`[{\"name\":\"Over_Heat\",\"metric\":\"temperature\",\"above\":1}]`|[0].name: 'Over_Heat' must be a DNS label",
                "`[{\"name\":\"a\",\"metric\":\"pressure\",\"above\":1}]`|[0].metric: must be temperature or humidity",
                "`[{\"name\":\"a\",\"metric\":\"temperature\"}]`|[0]: set exactly one of above and below",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"below\":2}]`|exactly one of",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":\"30\"}]`|[0].above: must be a number",
                "`[{\"name\":\"a\",\"metric\":\"humidity\",\"below\":120}]`|[0].below: threshold 120 is outside the humidity range [0, 100] %RH",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":0}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":101}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":1.5}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"consecutiveWindows\":\"2\"}]`|from 1 to 100",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1,\"threshold\":3}]`|[0]: unknown field 'threshold'",
                "`[{\"name\":\"a\",\"metric\":\"temperature\",\"above\":1},{\"name\":\"a\",\"metric\":\"humidity\",\"below\":1}]`|[1].name: 'a' is also the name of rule [0]",
                "`[{\"name\":\"a\",\"name\":\"b\",\"metric\":\"humidity\",\"below\":1}]`|not valid JSON",
            })
    void namesTheRuleAndTheMistake(String json, String message) {
        assertThatThrownBy(() -> RulesJson.parse(json, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Property
    void whatIsWrittenIsReadBack(@ForAll("rules") List<Rule> rules) {
        assertThat(RulesJson.parse(RulesJson.write(rules), false)).isEqualTo(rules);
        List<Rule> shapes = rules.stream().map(Rule::withoutThreshold).toList();
        assertThat(RulesJson.parse(RulesJson.write(shapes), true)).isEqualTo(shapes);
    }

    @Property
    void anyTextIsReadOrRefusedWithAReason(@ForAll String text) {
        try {
            assertThat(RulesJson.parse(text, true)).isNotEmpty();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Up to five rules of any metric, side and length, with unique names. */
    @Provide
    Arbitrary<List<Rule>> rules() {
        Arbitrary<Rule> rule =
                Combinators.combine(
                                Arbitraries.of(Metric.class),
                                Arbitraries.of(Direction.class),
                                Arbitraries.doubles().between(0, 100).ofScale(2),
                                Arbitraries.integers().between(1, 100))
                        .as((m, d, v, n) -> new Rule("r", m, d, v, n));
        return rule.list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(
                        list -> {
                            List<Rule> named = new ArrayList<>();
                            for (int i = 0; i < list.size(); i++) {
                                Rule r = list.get(i);
                                named.add(
                                        new Rule(
                                                "rule-" + i,
                                                r.metric(),
                                                r.direction(),
                                                r.threshold(),
                                                r.consecutiveWindows()));
                            }
                            return named;
                        });
    }
}
