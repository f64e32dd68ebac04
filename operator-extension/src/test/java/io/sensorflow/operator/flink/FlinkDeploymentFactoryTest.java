package io.sensorflow.operator.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.CrdSchemas;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.crd.CheckpointingSpec;
import io.sensorflow.operator.crd.ReadStoreSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.Test;

/** The FlinkDeployment a pipeline maps to: its contract with the job and the Flink operator. */
class FlinkDeploymentFactoryTest {
    final FlinkDeploymentFactory factory = new FlinkDeploymentFactory(Pipelines.SETTINGS);

    static SensorPipeline pipeline() {
        SensorPipeline p = Pipelines.greenhouse("sensors");
        p.getMetadata().setUid("4d2c0a44-0000-4000-8000-000000000001");
        p.getMetadata().setGeneration(3L);
        return p;
    }

    @Test
    void theDefaultsGiveTheJobItsCommandLine() {
        FlinkDeployment fd = factory.desired(pipeline());
        assertThat(Arrays.asList(fd.getSpec().getJob().getArgs()))
                .containsExactly(
                        "--pipeline",
                        "greenhouse",
                        "--source",
                        "kafka",
                        "--sink",
                        "kafka",
                        "--kafka-bootstrap",
                        "kafka-bootstrap.kafka:9092",
                        "--temperature-topic",
                        "sensors.temperature",
                        "--humidity-topic",
                        "sensors.humidity",
                        "--averages-topic",
                        "sensors.averages",
                        "--alerts-topic",
                        "sensors.alerts",
                        "--dead-letter-topic",
                        "sensors.dead-letter",
                        "--consumer-group",
                        "sensorflow-greenhouse",
                        "--delivery-guarantee",
                        "EXACTLY_ONCE",
                        "--checkpoint-interval",
                        "30s",
                        "--window-size",
                        "10m",
                        "--max-out-of-orderness",
                        "30s",
                        "--idle-timeout",
                        "1m",
                        "--rules",
                        "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":null,\"consecutiveWindows\":1},"
                                + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":null,\"consecutiveWindows\":2}]",
                        "--rules-configmap",
                        "greenhouse-thresholds");
        assertThat(fd.getSpec().getJob().getJarURI())
                .isEqualTo("local:///opt/flink/usrlib/sensorflow-job.jar");
        assertThat(fd.getSpec().getJob().getAllowNonRestoredState()).isTrue();
        assertThat(fd.getSpec().getImage()).isEqualTo("registry.example/sensorflow-job:1.0");
        assertThat(fd.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "sensorflow-job")
                .containsEntry("app.kubernetes.io/instance", "greenhouse")
                .containsEntry("app.kubernetes.io/managed-by", "sensorflow-operator");
        assertThat(fd.getSpec().getFlinkConfiguration())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsEntry(
                        "execution.checkpointing.dir", "s3://state/sensors/greenhouse/checkpoints")
                .containsEntry("high-availability.type", "kubernetes")
                .containsEntry("high-availability.storageDir", "s3://state/sensors/greenhouse/ha")
                .containsEntry("restart-strategy.type", "exponential-delay");
        assertThat(fd.getSpec().getJobManager().getReplicas()).isEqualTo(2);
        assertThat(fd.getStatus()).isNull();
    }

    @Test
    void everyFieldMapsAndTheResultFitsTheFlinkOperatorsSchema() {
        SensorPipeline p = pipeline();
        var s = p.getSpec();
        s.kafka.credentialsSecret = "kafka-client";
        s.readStore = new ReadStoreSpec();
        s.readStore.url = "jdbc:postgresql://db:5432/sensors";
        s.readStore.credentialsSecret = "read-store";
        s.kafka.consumerGroup = "greenhouse-readers";
        s.checkpointing.mode = CheckpointingSpec.Mode.AT_LEAST_ONCE;
        s.checkpointing.stateBackend = CheckpointingSpec.StateBackend.HASHMAP;
        s.checkpointing.storageDir = "gs://bucket/gh/";
        s.highAvailability = false;
        s.autoscaler.enabled = true;
        s.suspend = true;
        s.image = "mine:2";
        s.flinkConfiguration = new LinkedHashMap<>(Map.of("metrics.reporters", "prom"));
        FlinkDeployment fd = factory.desired(p);

        assertThat(CrdSchemas.FLINK_DEPLOYMENTS.problems(fd)).isEmpty();
        List<String> args = Arrays.asList(fd.getSpec().getJob().getArgs());
        assertThat(args)
                .containsSequence("--consumer-group", "greenhouse-readers")
                .containsSequence("--delivery-guarantee", "AT_LEAST_ONCE")
                .containsSequence("--kafka-properties", JobArguments.KAFKA_PROPERTIES_DIR)
                .containsSequence("--read-store", "jdbc:postgresql://db:5432/sensors")
                .containsSequence(
                        "--read-store-credentials", JobArguments.READ_STORE_CREDENTIALS_DIR);
        assertThat(String.join(" ", args)).doesNotContain("kafka-client\"");
        var pod = fd.getSpec().getPodTemplate().getSpec();
        assertThat(pod.getVolumes())
                .extracting(v -> v.getName() + "=" + v.getSecret().getSecretName())
                .containsExactly("kafka-client=kafka-client", "read-store=read-store");
        assertThat(pod.getContainers())
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.getVolumeMounts())
                                        .extracting(m -> m.getName() + "@" + m.getMountPath())
                                        .containsExactly(
                                                "kafka-client@" + JobArguments.KAFKA_PROPERTIES_DIR,
                                                "read-store@"
                                                        + JobArguments.READ_STORE_CREDENTIALS_DIR));
        assertThat(fd.getSpec().getFlinkConfiguration())
                .containsEntry("metrics.reporters", "prom")
                .containsEntry("state.backend.type", "hashmap")
                .containsEntry("execution.checkpointing.incremental", "false")
                .containsEntry("execution.checkpointing.dir", "gs://bucket/gh/checkpoints")
                .containsEntry("job.autoscaler.enabled", "true")
                .doesNotContainKey("high-availability.type");
        assertThat(fd.getSpec().getJob().getState().name()).isEqualTo("SUSPENDED");
        assertThat(fd.getSpec().getJobManager().getReplicas()).isEqualTo(1);
        assertThat(fd.getSpec().getImage()).isEqualTo("mine:2");
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        SensorPipeline a = pipeline();
        a.getSpec().flinkConfiguration = new LinkedHashMap<>();
        a.getSpec().flinkConfiguration.put("b.key", "2");
        a.getSpec().flinkConfiguration.put("a.key", "1");
        SensorPipeline b = pipeline();
        b.getSpec().flinkConfiguration = new LinkedHashMap<>();
        b.getSpec().flinkConfiguration.put("a.key", "1");
        b.getSpec().flinkConfiguration.put("b.key", "2");
        String first = Serialization.asYaml(factory.desired(a));
        assertThat(Serialization.asYaml(factory.desired(a))).isEqualTo(first);
        assertThat(Serialization.asYaml(factory.desired(b))).isEqualTo(first);
    }

    @Test
    void thresholdValuesAreNotPartOfIt() {
        SensorPipeline a = pipeline();
        SensorPipeline b = pipeline();
        b.getSpec().alerting.rules.get(0).above = 35.0;
        assertThat(Serialization.asYaml(factory.desired(b)))
                .isEqualTo(Serialization.asYaml(factory.desired(a)));
    }
}
