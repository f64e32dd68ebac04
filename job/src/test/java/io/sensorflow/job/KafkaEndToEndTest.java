package io.sensorflow.job;

import static io.sensorflow.job.testing.KafkaTopics.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FileReplay;
import io.sensorflow.job.testing.JsonLines;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden readings through a real broker: produced to the two topics (keyed by sensor, two
 * partitions each), the job on a mini cluster with exactly-once and half-second checkpoints, the
 * outputs read back with {@code read_committed} and compared with the hand-computed records.
 */
class KafkaEndToEndTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    /** Line 15 is the late reading: it is sent once the job is past its window. */
    static final int LATE_LINE = 15;

    /** Line 21 lacks "type": invalid in a file, valid on Kafka, where the topic says it. */
    static final int TYPELESS_LINE = 21;

    @Test
    @Timeout(240)
    void goldenReadingsThroughKafkaGiveTheGoldenRecordsExactlyOnce() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics topics = PipelineTopics.create(kafka);
        String temperature = topics.temperature();
        String humidity = topics.humidity();
        String averages = topics.averages();
        String alerts = topics.alerts();
        String deadLetter = topics.deadLetter();

        List<String> lines = Files.readAllLines(GoldenReplayTest.GOLDEN.resolve("readings.jsonl"));
        try (KafkaProducer<String, String> producer =
                KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int n = 1; n <= lines.size(); n++) {
                String line = lines.get(n - 1);
                if (n != LATE_LINE && n != TYPELESS_LINE && !line.isBlank()) {
                    topics.send(producer, line);
                }
            }

            producer.flush();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            List<String> args = new ArrayList<>(topics.jobArgs(kafka));
            args.addAll(GoldenReplayTest.goldenPipelineArgs());
            args.addAll(
                    List.of(
                            "--idle-timeout",
                            "2s",
                            "--checkpoint-interval",
                            "500ms",
                            "--parallelism",
                            "2"));
            SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
            JobClient job = env.executeAsync("kafka golden");
            try {
                // Once gh-2's 10:01 window is out, the 10:00 windows are closed everywhere.
                KafkaTopics.readCommittedUntil(
                        kafka.bootstrapServers(),
                        averages,
                        r ->
                                r.stream()
                                        .anyMatch(
                                                c ->
                                                        c.value()
                                                                .contains(
                                                                        "\"gh-2\",\"windowStart\":\"2026-11-24T10:01:00Z\"")),
                        Duration.ofSeconds(90));
                topics.send(producer, lines.get(LATE_LINE - 1));
                // A reading far ahead moves event time past every window of the test.
                topics.send(
                        producer,
                        "{\"sensorId\":\"clock\",\"timestamp\":\"2026-11-24T10:30:00Z\",\"value\":20}");
                producer.flush();

                List<JsonNode> gotAlerts =
                        values(
                                KafkaTopics.readCommittedUntil(
                                        kafka.bootstrapServers(),
                                        alerts,
                                        r -> r.size() >= 11,
                                        Duration.ofSeconds(90)));
                assertThat(gotAlerts).hasSize(11);
                // everything committed by now, and nothing more comes
                List<ConsumerRecord<String, String>> averageRecords =
                        KafkaTopics.readAllCommitted(kafka.bootstrapServers(), averages);
                List<ConsumerRecord<String, String>> alertRecords =
                        KafkaTopics.readAllCommitted(kafka.bootstrapServers(), alerts);
                List<ConsumerRecord<String, String>> deadLetters =
                        KafkaTopics.readAllCommitted(kafka.bootstrapServers(), deadLetter);

                assertThat(JsonLines.bySensor(values(averageRecords)))
                        .containsExactlyInAnyOrderEntriesOf(
                                JsonLines.bySensor(
                                        JsonLines.read(
                                                GoldenReplayTest.GOLDEN.resolve(
                                                        "averages.jsonl"))));
                assertThat(JsonLines.bySensorAndRule(values(alertRecords)))
                        .containsExactlyInAnyOrderEntriesOf(
                                JsonLines.bySensorAndRule(
                                        JsonLines.read(
                                                GoldenReplayTest.GOLDEN.resolve("alerts.jsonl"))));
                // keyed by sensor, so that each sensor's records stay in order
                for (ConsumerRecord<String, String> r : union(averageRecords, alertRecords)) {
                    assertThat(r.key())
                            .isEqualTo(JsonLines.parse(r.value()).get("sensorId").asText());
                }

                List<String> expectedDeadLetters = new ArrayList<>();
                for (JsonNode d :
                        JsonLines.read(GoldenReplayTest.GOLDEN.resolve("dead-letter.jsonl"))) {
                    if (!d.get("source").asText().endsWith(":" + TYPELESS_LINE)) {
                        expectedDeadLetters.add(
                                d.get("reason").asText() + " " + d.get("payload").asText());
                    }
                }
                List<String> gotDeadLetters = new ArrayList<>();
                for (JsonNode d : values(deadLetters)) {
                    assertThat(d.get("source").asText())
                            .matches("(" + temperature + "|" + humidity + ")/[01]@\\d+");
                    gotDeadLetters.add(
                            d.get("reason").asText().split(":")[0]
                                    + " "
                                    + d.get("payload").asText());
                }
                assertThat(gotDeadLetters).containsExactlyInAnyOrderElementsOf(expectedDeadLetters);
            } finally {
                Clusters.cancel(job);
            }
        }
    }

    /**
     * Against a listener that wants SASL credentials, the job connects with what a properties file
     * gives it (as the controller will mount a Secret), and nothing secret is on its command line.
     */
    @Test
    @Timeout(180)
    void credentialsComeFromAPropertiesFile(@TempDir Path dir) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics topics = PipelineTopics.create(kafka);
        List<String> pipeline = List.of("--max-out-of-orderness", "2s", "--window-size", "10s");
        List<String> lines = SimulatedReadings.lines(4, 800);
        FileReplay expected = FileReplay.of(lines, pipeline, dir.resolve("replay"));
        topics.produce(kafka, lines, SimulatedReadings.START + 7_200_000);
        Path properties = dir.resolve("client.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\""
                                + KafkaBroker.SASL_USER
                                + "\" password=\""
                                + KafkaBroker.SASL_PASSWORD
                                + "\";"));
        List<String> args = new ArrayList<>(topics.jobArgs(kafka));
        args.set(args.indexOf(kafka.bootstrapServers()), kafka.saslBootstrapServers());
        args.addAll(pipeline);
        args.addAll(
                List.of(
                        "--kafka-properties",
                        properties.toString(),
                        "--checkpoint-interval",
                        "500ms",
                        "--parallelism",
                        "1"));
        assertThat(String.join(" ", args)).doesNotContain(KafkaBroker.SASL_PASSWORD);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        JobClient job = env.executeAsync("kafka with credentials");
        try {
            List<JsonNode> averages =
                    values(
                            KafkaTopics.readCommittedUntil(
                                    kafka.bootstrapServers(),
                                    topics.averages(),
                                    r -> r.size() >= expected.averages().size(),
                                    Duration.ofSeconds(120)));
            assertThat(averages).containsExactlyInAnyOrderElementsOf(expected.averages());
        } finally {
            Clusters.cancel(job);
        }
    }

    static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
