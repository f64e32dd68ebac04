package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.api.Rules;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.ReadStoreSpec;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the controller refuses, and that each refusal names the field and the fix. */
class SpecValidatorTest {
    final SpecValidator validator =
            new SpecValidator(new FlinkDeploymentFactory(Pipelines.SETTINGS));

    @Test
    void theExamplePipelineIsValid() {
        assertThat(validator.validate(Pipelines.greenhouse("ns"))).isEmpty();
    }

    static ReadStoreSpec readStore(String url, String secret) {
        ReadStoreSpec r = new ReadStoreSpec();
        r.url = url;
        r.credentialsSecret = secret;
        return r;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(
                        "name too long for a Flink cluster id",
                        p -> p.getMetadata().setName("g".repeat(46)),
                        "metadata.name",
                        "at most 45"),
                bad(
                        "name starting with a digit",
                        p -> p.getMetadata().setName("1greenhouse"),
                        "metadata.name",
                        "starting with a letter"),
                bad(
                        "no bootstrap servers",
                        p -> p.getSpec().kafka.bootstrapServers = "",
                        "spec.kafka.bootstrapServers",
                        "required"),
                bad(
                        "port out of range",
                        p -> p.getSpec().kafka.bootstrapServers = "k:99999",
                        "spec.kafka.bootstrapServers",
                        "1..65535"),
                bad(
                        "topic '..'",
                        p -> p.getSpec().kafka.topics.alerts = "..",
                        "spec.kafka.topics.alerts",
                        "not '.' or '..'"),
                bad(
                        "topic with a space",
                        p -> p.getSpec().kafka.topics.averages = "my averages",
                        "spec.kafka.topics.averages",
                        "not a Kafka topic name"),
                bad(
                        "output topic = input topic",
                        p -> p.getSpec().kafka.topics.averages = "sensors.temperature",
                        "spec.kafka.topics.averages",
                        "is also the temperature topic"),
                bad(
                        "a read store that is not PostgreSQL",
                        p -> p.getSpec().readStore = readStore("jdbc:mysql://db/sensors", null),
                        "spec.readStore.url",
                        "jdbc:postgresql://HOST:PORT/DB"),
                bad(
                        "a read store Secret name Kubernetes refuses",
                        p ->
                                p.getSpec().readStore =
                                        readStore("jdbc:postgresql://db/sensors", "Read_Store"),
                        "spec.readStore.credentialsSecret",
                        "not a valid Secret name"),
                bad(
                        "window below 1s",
                        p -> p.getSpec().window.size = "500ms",
                        "spec.window.size",
                        "1s .. 24h"),
                bad(
                        "window above 24h",
                        p -> p.getSpec().window.size = "2d",
                        "spec.window.size",
                        "1s .. 24h"),
                bad(
                        "window not a duration",
                        p -> p.getSpec().window.size = "ten minutes",
                        "spec.window.size",
                        "like 500ms, 30s"),
                bad(
                        "out-of-orderness beyond the window",
                        p -> p.getSpec().window.maxOutOfOrderness = "11m",
                        "spec.window.maxOutOfOrderness",
                        "longer than the window"),
                bad(
                        "no rules",
                        p -> p.getSpec().alerting.rules = List.of(),
                        "spec.alerting.rules",
                        "at least one"),
                bad(
                        "duplicate rule names",
                        p ->
                                p.getSpec().alerting.rules =
                                        List.of(
                                                RuleSpec.of(Rules.DEFAULT),
                                                RuleSpec.of(Rules.DEFAULT)),
                        "spec.alerting.rules[1].name",
                        "unique"),
                bad(
                        "both above and below",
                        p -> p.getSpec().alerting.rules.get(0).below = 10.0,
                        "spec.alerting.rules[0]",
                        "exactly one of above and below"),
                bad(
                        "neither above nor below",
                        p -> p.getSpec().alerting.rules.get(0).above = null,
                        "spec.alerting.rules[0]",
                        "exactly one of above and below"),
                bad(
                        "temperature beyond physics",
                        p -> p.getSpec().alerting.rules.get(0).above = 300.0,
                        "spec.alerting.rules[0].above",
                        "[-90, 150] °C"),
                bad(
                        "humidity over 100 %",
                        p ->
                                p.getSpec().alerting.rules =
                                        List.of(
                                                RuleSpec.of(
                                                        new Rule(
                                                                "wet",
                                                                Metric.HUMIDITY,
                                                                Direction.ABOVE,
                                                                120.0,
                                                                1))),
                        "spec.alerting.rules[0].above",
                        "[0, 100] %RH"),
                bad(
                        "rule name not a DNS label",
                        p -> p.getSpec().alerting.rules.get(0).name = "Over_Heat",
                        "spec.alerting.rules[0].name",
                        "DNS label"),
                bad(
                        "101 windows",
                        p -> p.getSpec().alerting.rules.get(0).consecutiveWindows = 101,
                        "spec.alerting.rules[0].consecutiveWindows",
                        "from 1 to 100"),
                bad(
                        "more parallelism than the job's key groups",
                        p -> p.getSpec().parallelism = 129,
                        "spec.parallelism",
                        "outside 1 .. 128"),
                bad(
                        "autoscaler above the job's key groups",
                        p -> p.getSpec().autoscaler.maxParallelism = 200,
                        "spec.autoscaler.maxParallelism",
                        "outside 1 .. 128"),
                bad(
                        "checkpoints too often",
                        p -> p.getSpec().checkpointing.interval = "10ms",
                        "spec.checkpointing.interval",
                        "at least 100ms"),
                bad(
                        "storage dir without scheme",
                        p -> p.getSpec().checkpointing.storageDir = "/data/ckpt",
                        "spec.checkpointing.storageDir",
                        "URI with a scheme"),
                bad(
                        "JobManager memory too small",
                        p -> p.getSpec().jobManager.memory = "256m",
                        "spec.jobManager.memory",
                        "at least 512m"),
                bad(
                        "TaskManager memory not a size",
                        p -> p.getSpec().taskManager.memory = "lots",
                        "spec.taskManager.memory",
                        "not a memory size"),
                bad(
                        "autoscaler bounds crossed",
                        p -> {
                            p.getSpec().autoscaler.enabled = true;
                            p.getSpec().autoscaler.minParallelism = 9;
                        },
                        "spec.autoscaler.minParallelism",
                        "must not exceed"),
                bad(
                        "a platform key in flinkConfiguration",
                        p -> p.getSpec().flinkConfiguration.put("state.backend.type", "hashmap"),
                        "spec.flinkConfiguration[state.backend.type]",
                        "set by the platform"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isRefusedNamingTheField(
            String what, Consumer<SensorPipeline> change, String field, String hint) {
        SensorPipeline p = Pipelines.greenhouse("ns");
        change.accept(p);
        assertThat(validator.validate(p))
                .as(what)
                .anySatisfy(
                        problem -> {
                            assertThat(problem.field()).isEqualTo(field);
                            assertThat(problem.message()).contains(hint);
                        });
    }

    @Test
    void withoutAStateDirAPipelineMustNameItsStorage() {
        OperatorSettings noStateDir = new OperatorSettings(List.of(), "img", null, false, 8080);
        SpecValidator v = new SpecValidator(new FlinkDeploymentFactory(noStateDir));
        SensorPipeline p = Pipelines.greenhouse("ns");
        assertThat(v.validate(p))
                .singleElement()
                .satisfies(
                        problem ->
                                assertThat(problem.toString())
                                        .startsWith("spec.checkpointing.storageDir: is required"));
        p.getSpec().checkpointing.storageDir = "s3://bucket/greenhouse";
        assertThat(v.validate(p)).isEmpty();
    }

    static Arguments bad(String what, Consumer<SensorPipeline> change, String field, String hint) {
        return Arguments.of(what, change, field, hint);
    }
}
