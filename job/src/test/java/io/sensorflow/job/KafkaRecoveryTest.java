package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FailOnceAfterCheckpoint;
import io.sensorflow.job.testing.FileReplay;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through Kafka under failure. Simulated readings go to the two topics; the job runs
 * with exactly-once and short checkpoints, and its committed output ({@code read_committed}) must
 * equal, record for record, a failure-free replay of the same readings from a file: once with no
 * failure, once with a task that throws mid-stream after a checkpoint, and once stopped with a
 * savepoint and resumed from it at another parallelism. Nothing lost, nothing duplicated, no alert
 * fired twice.
 */
class KafkaRecoveryTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final int READINGS = 6000;
    static final List<String> PIPELINE_ARGS =
            List.of(
                    "--pipeline",
                    "recovery",
                    "--window-size",
                    "10s",
                    // larger than the simulator's transport delays: no reading is late, whatever
                    // the timing, so every run must give the same records
                    "--max-out-of-orderness",
                    "2s",
                    // A partition whose last record came before the restored offsets stays silent
                    // after a restart and holds the watermark back until it counts as idle.
                    "--idle-timeout",
                    "5s",
                    "--rules",
                    "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":2},"
                            + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":40}]");

    @TempDir static Path work;
    static List<String> lines;
    static FileReplay reference;

    @BeforeAll
    static void replayTheSameReadingsFromAFile() throws Exception {
        lines = SimulatedReadings.lines(8, READINGS);
        reference = FileReplay.of(lines, PIPELINE_ARGS, work.resolve("reference"));
        assertThat(reference.averages()).hasSizeGreaterThan(100);
        assertThat(reference.alerts()).hasSizeGreaterThan(4);
    }

    @Test
    @Timeout(240)
    void withoutFailureTheCommittedOutputEqualsTheReplay() throws Exception {
        PipelineTopics t = topicsWithReadings();
        JobClient job = start(t, 2, false, null);
        awaitAndCheck(t, job);
    }

    @Test
    @Timeout(240)
    void aTaskFailureAfterACheckpointLosesAndDuplicatesNothing() throws Exception {
        PipelineTopics t = topicsWithReadings();
        FailOnceAfterCheckpoint.reset();
        JobClient job = start(t, 2, true, null);
        awaitAndCheck(t, job);
        assertThat(FailOnceAfterCheckpoint.FAILED.get()).as("the failure was injected").isTrue();
    }

    @Test
    @Timeout(240)
    void stoppedWithASavepointAndResumedAtAnotherParallelism() throws Exception {
        PipelineTopics t = topicsWithReadings();
        JobClient first = start(t, 2, false, null);
        KafkaTopics.readCommittedUntil(
                KafkaBroker.shared().bootstrapServers(),
                t.averages(),
                r -> r.size() >= 20,
                Duration.ofSeconds(90));
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                work.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        JobClient second = start(t, 1, false, savepoint);
        awaitAndCheck(t, second);
    }

    /**
     * Checkpointing as the Flink configuration of a FlinkDeployment sets it: RocksDB with
     * incremental checkpoints, a timeout and minimum pause, checkpoints retained on cancellation.
     * The same failure loses and duplicates nothing, and what is left behind is a RocksDB
     * checkpoint a new job could be started from.
     */
    @Test
    @Timeout(240)
    void onRocksDbWithIncrementalRetainedCheckpointsAFailureLosesNothing() throws Exception {
        PipelineTopics t = topicsWithReadings();
        FailOnceAfterCheckpoint.reset();
        Path checkpoints = work.resolve("rocksdb-checkpoints");
        Configuration config = new Configuration();
        config.setString("state.backend.type", "rocksdb");
        config.setString("execution.checkpointing.incremental", "true");
        config.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        config.setString("execution.checkpointing.timeout", "1min");
        config.setString("execution.checkpointing.min-pause", "100ms");
        config.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        JobClient job = start(t, 2, true, null, config);
        awaitAndCheck(t, job);
        assertThat(FailOnceAfterCheckpoint.FAILED.get()).as("the failure was injected").isTrue();

        Path jobDir = checkpoints.resolve(job.getJobID().toString());
        try (var files = Files.walk(jobDir)) {
            List<Path> all = files.toList();
            assertThat(all)
                    .as("a retained checkpoint")
                    .anyMatch(
                            p ->
                                    p.endsWith("_metadata")
                                            && p.getParent()
                                                    .getFileName()
                                                    .toString()
                                                    .startsWith("chk-"));
            assertThat(all)
                    .as("RocksDB files shared between incremental checkpoints")
                    .anyMatch(
                            p ->
                                    p.getParent().getFileName().toString().equals("shared")
                                            && Files.isRegularFile(p));
        }
    }

    /** Fresh topics with the readings and a closing reading on every partition. */
    static PipelineTopics topicsWithReadings() throws Exception {
        PipelineTopics t = PipelineTopics.create(KafkaBroker.shared());
        t.produce(KafkaBroker.shared(), lines, SimulatedReadings.START + 7_200_000);
        return t;
    }

    static JobClient start(
            PipelineTopics t, int parallelism, boolean injectFailure, String savepoint)
            throws Exception {
        return start(t, parallelism, injectFailure, savepoint, new Configuration());
    }

    static JobClient start(
            PipelineTopics t,
            int parallelism,
            boolean injectFailure,
            String savepoint,
            Configuration config)
            throws Exception {
        Clusters.restartingThreeTimes(config);
        if (savepoint != null) {
            config.setString("execution.savepoint.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        List<String> args = new ArrayList<>(PIPELINE_ARGS);
        args.addAll(t.jobArgs(KafkaBroker.shared()));
        args.addAll(
                List.of(
                        "--checkpoint-interval",
                        "300ms",
                        "--parallelism",
                        Integer.toString(parallelism)));
        SensorFlowJob.build(
                env,
                JobOptions.parse(args.toArray(new String[0])),
                injectFailure ? FailOnceAfterCheckpoint::after : UnaryOperator.identity());
        return env.executeAsync("kafka recovery p" + parallelism);
    }

    static void awaitAndCheck(PipelineTopics t, JobClient job) throws Exception {
        try {
            reference.assertCommitted(
                    KafkaBroker.shared().bootstrapServers(),
                    t,
                    reference.alerts(),
                    Duration.ofSeconds(120),
                    Duration.ofMillis(1500));
        } finally {
            Clusters.cancel(job);
        }
    }
}
