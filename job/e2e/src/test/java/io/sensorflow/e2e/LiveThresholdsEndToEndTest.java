package io.sensorflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.CollectingReporter;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.job.testing.Postgres;
import io.sensorflow.operator.crd.ReadStoreSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise end to end, nothing faked but the API server: the controller and the job share one
 * mock API server, the job runs on a Flink mini cluster with exactly the arguments of the
 * FlinkDeployment the controller produced, against a real Kafka broker. A threshold edit in the
 * SensorPipeline reaches the running job through the ConfigMap, with no restart and no lost window
 * state; a window edit changes the FlinkDeployment and not the ConfigMap.
 */
class LiveThresholdsEndToEndTest {
    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir Path dir;
    static Postgres postgres;
    Platform platform;
    JobClient job;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() throws Exception {
        platform = new Platform(dir);
        CollectingReporter.clear();
    }

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        platform.close();
    }

    @Test
    void aThresholdEditReachesTheRunningJobLiveAndAWindowEditUpgrades() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics topics = PipelineTopics.create(kafka);
        SensorPipeline pipeline = Platform.pipeline(kafka, topics, "10s");
        pipeline.getSpec().window.maxOutOfOrderness = "1s";
        pipeline.getSpec().window.idleTimeout = "5s";
        // the read model also goes to PostgreSQL, with the login from a Secret
        String readStore = postgres.newDatabase();
        platform.createReadStoreSecret("read-store");
        pipeline.getSpec().readStore = new ReadStoreSpec();
        pipeline.getSpec().readStore.url = readStore;
        pipeline.getSpec().readStore.credentialsSecret = "read-store";
        platform.client().resource(pipeline).create();

        FlinkDeployment fd = platform.awaitFlinkDeployment(d -> true);
        String fdVersion = fd.getMetadata().getResourceVersion();
        assertThat(Platform.hasArgs(fd, "--rules-configmap", "greenhouse-thresholds")).isTrue();
        assertThat(Platform.hasArgs(fd, "--read-store", readStore)).isTrue();
        assertThat(String.join(" ", fd.getSpec().getJob().getArgs()))
                .doesNotContain(Postgres.PASSWORD);
        job =
                platform.startJobWithMounts(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        fd,
                        dir.resolve("mounts"));
        awaitRulesVersion(1);

        // window [0 s, 10 s): greenhouse-1 averages 32 > 30: FIRING under version 1
        // window [10 s, 20 s): one reading of 34 before the edit...
        topics.produce(
                kafka,
                List.of(
                        reading("greenhouse-1", 2_000, 31.0),
                        reading("greenhouse-1", 6_000, 33.0),
                        reading("greenhouse-1", 11_000, 34.0)),
                T0.toEpochMilli() + 12_000);
        List<JsonNode> alerts = awaitAlerts(topics, kafka, 1);
        assertThat(alerts.get(0).path("status").asText()).isEqualTo("FIRING");
        assertThat(alerts.get(0).path("value").asDouble()).isEqualTo(32.0);
        assertThat(alerts.get(0).path("threshold").asDouble()).isEqualTo(30.0);
        assertThat(alerts.get(0).path("rulesVersion").asLong()).isEqualTo(1);
        String active = "SELECT rule, sensor_id FROM alerts_active";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Postgres.rows(readStore, active).size() == 1);
        assertThat(Postgres.rows(readStore, active))
                .containsExactly(Map.of("rule", "overheat", "sensor_id", "greenhouse-1"));

        platform.editSpec(s -> s.alerting.rules.get(0).above = 35.0);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                ThresholdsDocument.parse(
                                                        platform.thresholds()
                                                                .getData()
                                                                .get(ThresholdsDocument.KEY))
                                                .version()
                                        == 2);
        awaitRulesVersion(2);
        assertThat(platform.flinkDeployment().getMetadata().getResourceVersion())
                .isEqualTo(fdVersion);
        SensorPipeline live = platform.awaitObservedGeneration(2);
        assertThat(live.getStatus().lastChange.applied).isEqualTo("live");
        assertThat(live.getStatus().rules.generation).isEqualTo(2L);

        // ...and one of 36 after it: the window's average is 35, which is not above 35
        topics.produce(
                kafka, List.of(reading("greenhouse-1", 15_000, 36.0)), T0.toEpochMilli() + 22_000);
        alerts = awaitAlerts(topics, kafka, 2);
        JsonNode resolved = alerts.get(1);
        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.path("windowStart").asText()).isEqualTo("2026-11-24T10:00:10Z");
        assertThat(resolved.path("value").asDouble())
                .as("the window open across the edit kept the reading from before it")
                .isEqualTo(35.0);
        assertThat(resolved.path("threshold").asDouble()).isEqualTo(35.0);
        assertThat(resolved.path("rulesVersion").asLong()).isEqualTo(2);
        // the read model follows: the alert is no longer active, and its history has both
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Postgres.rows(readStore, active).isEmpty());
        assertThat(Postgres.rows(readStore, "SELECT status FROM alert_history ORDER BY window_end"))
                .containsExactly(Map.of("status", "FIRING"), Map.of("status", "RESOLVED"));
        assertThat(live.getStatus().readStore).isEqualTo(readStore);
        assertThat(KafkaTopics.readAllCommitted(kafka.bootstrapServers(), topics.deadLetter()))
                .as("no reading was late or refused")
                .isEmpty();
        assertThat(CollectingReporter.gaugeValues("numRestarts"))
                .as("the job was never restarted")
                .isNotEmpty()
                .allMatch(v -> ((Number) v).longValue() == 0);
        assertThat(job.getJobStatus().get())
                .isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);

        String cmVersion = platform.thresholds().getMetadata().getResourceVersion();
        platform.editSpec(s -> s.window.size = "20s");
        FlinkDeployment upgraded =
                platform.awaitFlinkDeployment(
                        d ->
                                String.join(" ", d.getSpec().getJob().getArgs())
                                        .contains("--window-size 20s"));
        assertThat(upgraded.getMetadata().getResourceVersion()).isNotEqualTo(fdVersion);
        assertThat(platform.awaitObservedGeneration(3).getStatus().lastChange.applied)
                .isEqualTo("upgrade");
        assertThat(platform.thresholds().getMetadata().getResourceVersion()).isEqualTo(cmVersion);
    }

    static String reading(String sensor, long offsetMillis, double value) {
        return "{\"sensorId\":\"%s\",\"type\":\"temperature\",\"timestamp\":%d,\"value\":%s}"
                .formatted(sensor, T0.toEpochMilli() + offsetMillis, value);
    }

    List<JsonNode> awaitAlerts(PipelineTopics topics, KafkaBroker kafka, int count) {
        List<JsonNode> alerts =
                KafkaTopics.values(
                        KafkaTopics.readCommittedUntil(
                                kafka.bootstrapServers(),
                                topics.alerts(),
                                r -> r.size() >= count,
                                Duration.ofSeconds(60)));
        assertThat(alerts).hasSize(count);
        return alerts;
    }

    void awaitRulesVersion(long version) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> CollectingReporter.gaugeValues("rulesVersion"),
                        v ->
                                !v.isEmpty()
                                        && v.stream()
                                                .allMatch(
                                                        x -> ((Number) x).longValue() == version));
    }
}
