package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.api.RulesJson;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FileReplay;
import io.sensorflow.job.testing.JsonLines;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.job.testing.RuleSemantics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an upgrade that changes the job graph does to a savepoint: a job reads readings from Kafka,
 * is stopped with a savepoint, more readings arrive, and a job with another window size or other
 * rule shapes starts from that savepoint.
 *
 * <p>Findings, in the terms of a FlinkDeployment's {@code job} section: a new window size or a
 * changed or removed rule leaves savepoint state that the new job has no operator for, so Flink
 * refuses to start it unless {@code allowNonRestoredState: true}. With it, the Kafka offsets are
 * restored (no reading is read twice or skipped), the window state survives a rule change, a
 * window-size change loses the windows open at the savepoint, and a changed rule starts over like a
 * new one while unchanged rules keep their streaks. Adding a rule alone needs no flag.
 */
class UpgradeRestoreTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final int READINGS = 3000; // 75 s of simulated clock per phase
    static final long PHASE_TWO = SimulatedReadings.START + 200_000;
    static final String OVERHEAT_TWICE =
            "{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":2}";
    static final String OVERHEAT_ONCE =
            "{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":1}";
    static final String DRY = "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":40}";
    static final String HUMID = "{\"name\":\"humid\",\"metric\":\"humidity\",\"above\":70}";

    static final List<String> PHASE_ONE_LINES = SimulatedReadings.lines(8, READINGS);
    static final List<String> PHASE_TWO_LINES = SimulatedReadings.lines(8, READINGS, PHASE_TWO);

    @TempDir Path work;

    @Test
    @Timeout(300)
    void aNewWindowSizeNeedsAllowNonRestoredStateAndKeepsTheKafkaOffsets() throws Exception {
        List<String> before = pipeline("10s", OVERHEAT_TWICE, DRY);
        List<String> after = pipeline("20s", OVERHEAT_TWICE, DRY);
        FileReplay phaseOne = FileReplay.of(PHASE_ONE_LINES, before, work.resolve("one"));
        FileReplay phaseTwo = FileReplay.of(PHASE_TWO_LINES, after, work.resolve("two"));

        PipelineTopics t = PipelineTopics.create(KafkaBroker.shared());
        String savepoint = runPhaseOneAndStopWithSavepoint(t, before, phaseOne);
        t.produce(KafkaBroker.shared(), PHASE_TWO_LINES, PHASE_TWO + 1_000_000);

        assertRefused(start(t, after, savepoint, false));
        JobClient upgraded = start(t, after, savepoint, true);
        try {
            // The 10 s windows closed before the savepoint, then the 20 s windows of the readings
            // that came after it, each reading in exactly one. Had the offsets not been restored,
            // phase one would be read again into 20 s windows; the clock's window, open at the
            // savepoint, is the one thing lost.
            List<JsonNode> expected = union(phaseOne.averages(), phaseTwo.averages());
            List<JsonNode> averages = awaitCommitted(t.averages(), expected.size());
            assertThat(averages).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(FileReplay.deadLetterKeys(values(t.deadLetter())))
                    .containsExactlyInAnyOrderElementsOf(
                            union(phaseOne.deadLetters(), phaseTwo.deadLetters()));
            // The rules are unchanged, so their streaks carry on from the 10 s windows into the
            // 20 s ones, as one sequence of windows per sensor.
            List<JsonNode> alerts = values(t.alerts());
            List<JsonNode> expectedAlerts =
                    RuleSemantics.alertRecords(
                            "upgrade",
                            RulesJson.parse(rules(OVERHEAT_TWICE, DRY), false),
                            union(phaseOne.averages(), phaseTwo.averages()));
            assertThat(alerts).containsExactlyInAnyOrderElementsOf(expectedAlerts);
            assertThat(JsonLines.bySensorAndRule(alerts))
                    .isEqualTo(JsonLines.bySensorAndRule(expectedAlerts));
        } finally {
            Clusters.cancel(upgraded);
        }
    }

    @Test
    @Timeout(300)
    void aChangedRuleNeedsAllowNonRestoredStateAndKeepsWindowsAndOtherRules() throws Exception {
        List<String> before = pipeline("10s", OVERHEAT_TWICE, DRY);
        List<String> after = pipeline("10s", OVERHEAT_ONCE, DRY, HUMID);
        FileReplay phaseOne = FileReplay.of(PHASE_ONE_LINES, before, work.resolve("one"));
        FileReplay phaseTwo = FileReplay.of(PHASE_TWO_LINES, after, work.resolve("two"));
        List<String> everything = new ArrayList<>(PHASE_ONE_LINES);
        // on each of the two partitions of each topic
        everything.addAll(PipelineTopics.clockReadings(SimulatedReadings.START + 150_000));
        everything.addAll(PipelineTopics.clockReadings(SimulatedReadings.START + 150_000));
        everything.addAll(PHASE_TWO_LINES);
        FileReplay continuous = FileReplay.of(everything, after, work.resolve("all"));

        PipelineTopics t = PipelineTopics.create(KafkaBroker.shared());
        String savepoint = runPhaseOneAndStopWithSavepoint(t, before, phaseOne);
        t.produce(KafkaBroker.shared(), PHASE_TWO_LINES, PHASE_TWO + 1_000_000);

        assertRefused(start(t, after, savepoint, false));
        JobClient upgraded = start(t, after, savepoint, true);
        List<JsonNode> averages;
        try {
            // Window state is restored: the clock's window, open at the savepoint, closes now,
            // and the averages are those of one uninterrupted run.
            averages = awaitCommitted(t.averages(), continuous.averages().size());
            assertThat(averages).containsExactlyInAnyOrderElementsOf(continuous.averages());
            List<JsonNode> alerts = values(t.alerts());
            // 'dry' is unchanged and keeps its streaks across the upgrade; 'overheat' changed and
            // starts over like the new 'humid': they judge the new readings from scratch.
            assertThat(FileReplay.ofRules(alerts, "dry"))
                    .containsExactlyInAnyOrderElementsOf(
                            FileReplay.ofRules(continuous.alerts(), "dry"));
            assertThat(FileReplay.ofRules(alerts, "overheat", "humid"))
                    .containsExactlyInAnyOrderElementsOf(
                            union(
                                    FileReplay.ofRules(phaseOne.alerts(), "overheat"),
                                    FileReplay.ofRules(phaseTwo.alerts(), "overheat", "humid")));
            assertThat(JsonLines.bySensorAndRule(FileReplay.ofRules(alerts, "dry")))
                    .isEqualTo(
                            JsonLines.bySensorAndRule(
                                    FileReplay.ofRules(continuous.alerts(), "dry")));
        } finally {
            Clusters.cancel(upgraded);
        }

        // Only adding a rule leaves no state behind: the same savepoint restores without the flag,
        // window state included (here into topics of its own for its output).
        PipelineTopics outputs = t.withFreshOutputs(KafkaBroker.shared());
        JobClient added =
                start(outputs, pipeline("10s", OVERHEAT_TWICE, DRY, HUMID), savepoint, false);
        try {
            List<JsonNode> afterSavepoint = new ArrayList<>(continuous.averages());
            phaseOne.averages().forEach(afterSavepoint::remove);
            assertThat(awaitCommitted(outputs.averages(), afterSavepoint.size()))
                    .containsExactlyInAnyOrderElementsOf(afterSavepoint);
        } finally {
            Clusters.cancel(added);
        }
    }

    /** The pipeline arguments for a window size and rules. */
    static List<String> pipeline(String window, String... rules) {
        return List.of(
                "--pipeline",
                "upgrade",
                "--window-size",
                window,
                "--max-out-of-orderness",
                "2s",
                "--rules",
                rules(rules));
    }

    static String rules(String... rules) {
        return "[" + String.join(",", rules) + "]";
    }

    /**
     * Phase one's readings and a clock reading that closes all their windows; the job runs until
     * their averages are committed and stops with a savepoint, its clock window still open.
     */
    String runPhaseOneAndStopWithSavepoint(
            PipelineTopics t, List<String> pipeline, FileReplay expected) throws Exception {
        t.produce(KafkaBroker.shared(), PHASE_ONE_LINES, SimulatedReadings.START + 150_000);
        JobClient job = start(t, pipeline, null, false);
        assertThat(awaitCommitted(t.averages(), expected.averages().size()))
                .containsExactlyInAnyOrderElementsOf(expected.averages());
        return job.stopWithSavepoint(
                        false,
                        work.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    static JobClient start(
            PipelineTopics t, List<String> pipeline, String savepoint, boolean allowNonRestored)
            throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            config.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
            config.set(SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestored);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        List<String> args = new ArrayList<>(pipeline);
        args.addAll(t.jobArgs(KafkaBroker.shared()));
        args.addAll(List.of("--checkpoint-interval", "300ms", "--parallelism", "2"));
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        return env.executeAsync("upgrade");
    }

    /** The job fails at its start, saying what to do about the savepoint's orphaned state. */
    static void assertRefused(JobClient job) {
        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .hasStackTraceContaining("allowNonRestoredState");
    }

    static List<JsonNode> awaitCommitted(String topic, int count) {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        KafkaTopics.readCommittedUntil(
                bootstrap, topic, r -> r.size() >= count, Duration.ofSeconds(120));
        return values(topic);
    }

    /** Everything committed to the topic so far (read until it has been quiet for a second). */
    static List<JsonNode> values(String topic) {
        return KafkaTopics.values(
                KafkaTopics.readAllCommitted(KafkaBroker.shared().bootstrapServers(), topic));
    }

    static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
