package io.sensorflow.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.job.SensorFlowJob;
import io.sensorflow.job.config.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The reference a Kafka run is held against: the same readings replayed from a file at parallelism
 * 1, with no failure and no restart, through the file sink.
 */
public record FileReplay(List<JsonNode> averages, List<JsonNode> alerts, List<String> deadLetters) {

    /** Replays {@code lines} with the pipeline arguments {@code pipelineArgs} in {@code dir}. */
    public static FileReplay of(List<String> lines, List<String> pipelineArgs, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        Path input = dir.resolve("readings.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(pipelineArgs);
        args.addAll(
                List.of(
                        "--source",
                        "file:" + input,
                        "--sink",
                        "file:" + out,
                        "--parallelism",
                        "1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        env.execute("reference replay");
        return new FileReplay(
                JsonLines.read(out.resolve("averages.jsonl")),
                JsonLines.read(out.resolve("alerts.jsonl")),
                deadLetterKeys(JsonLines.read(out.resolve("dead-letter.jsonl"))));
    }

    /**
     * Waits until the topics hold as many committed averages and alerts as this replay wrote, lets
     * {@code settle} pass (more checkpoints: anything duplicated would show then), and checks that
     * the committed records are this replay's: the same averages, in window order per sensor; the
     * expected alerts, in order per sensor and rule; the same dead letters.
     *
     * @param expectedAlerts this replay's alerts as the run under test should have written them
     */
    public void assertCommitted(
            String bootstrap,
            PipelineTopics t,
            List<JsonNode> expectedAlerts,
            Duration averagesTimeout,
            Duration settle)
            throws InterruptedException {
        KafkaTopics.readCommittedUntil(
                bootstrap, t.averages(), r -> r.size() >= averages.size(), averagesTimeout);
        KafkaTopics.readCommittedUntil(
                bootstrap,
                t.alerts(),
                r -> r.size() >= expectedAlerts.size(),
                Duration.ofSeconds(60));
        Thread.sleep(settle.toMillis());
        List<JsonNode> committedAverages =
                KafkaTopics.values(KafkaTopics.readAllCommitted(bootstrap, t.averages()));
        List<JsonNode> committedAlerts =
                KafkaTopics.values(KafkaTopics.readAllCommitted(bootstrap, t.alerts()));
        List<JsonNode> committedDeadLetters =
                KafkaTopics.values(KafkaTopics.readAllCommitted(bootstrap, t.deadLetter()));

        assertThat(committedAverages).containsExactlyInAnyOrderElementsOf(averages);
        assertThat(JsonLines.bySensor(committedAverages)).isEqualTo(JsonLines.bySensor(averages));
        assertThat(committedAlerts).containsExactlyInAnyOrderElementsOf(expectedAlerts);
        assertThat(JsonLines.bySensorAndRule(committedAlerts))
                .isEqualTo(JsonLines.bySensorAndRule(expectedAlerts));
        assertThat(deadLetterKeys(committedDeadLetters))
                .containsExactlyInAnyOrderElementsOf(deadLetters);
    }

    /**
     * What a dead letter says about its record (reason and payload); its {@code source} names a
     * file line here and a topic, partition and offset on Kafka.
     */
    public static List<String> deadLetterKeys(List<JsonNode> deadLetters) {
        return deadLetters.stream()
                .map(d -> d.get("reason").asText() + " " + d.get("payload").asText())
                .toList();
    }

    /** These alerts of the given rules only. */
    public static List<JsonNode> ofRules(List<JsonNode> alerts, String... rules) {
        List<String> names = List.of(rules);
        return alerts.stream().filter(a -> names.contains(a.get("rule").asText())).toList();
    }
}
