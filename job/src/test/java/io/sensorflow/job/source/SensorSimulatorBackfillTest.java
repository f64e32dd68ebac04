package io.sensorflow.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.testing.Clusters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generator's backfill: each reader first sends the recent past at once, stamped as if it had
 * come at the steady rate; after a restart it sends none, since that past is behind the job by
 * then. On a real mini cluster: the pace and the function meet in each reader as Flink ships them.
 */
class SensorSimulatorBackfillTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final int SENSORS = 8;
    static final double RATE = 40;
    static final Duration BACKFILL = Duration.ofSeconds(10);
    static final Duration WATERMARK_LAG = Duration.ofSeconds(2);
    static final int PARALLELISM = 2;

    /**
     * Records that every reader backfills: ten seconds of its 20 per second, less the first 400 ms,
     * and a few that may be cut off in transit (no reading).
     */
    static final int AT_LEAST = 180;

    /**
     * Each reader sends at once the readings since the start of the last whole ten seconds that the
     * watermark can close (at least twelve seconds' worth, less than twenty-three), oldest first,
     * none older than that start.
     */
    @Test
    @Timeout(120)
    void theFirstRecordsAreThePastSinceTheLastWholePeriodSentAtOnce() throws Exception {
        Recorded.reset(Long.MAX_VALUE);
        JobClient job = generator(new Configuration()).executeAsync("backfill");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    IntStream.range(0, PARALLELISM)
                                            .allMatch(
                                                    r ->
                                                            Recorded.of(job.getJobID(), r).size()
                                                                    >= AT_LEAST));
            for (int reader = 0; reader < PARALLELISM; reader++) {
                List<Recorded.Seen> seen = Recorded.of(job.getJobID(), reader);
                List<Recorded.Seen> backfill = seen.subList(0, AT_LEAST);
                long firstArrival = backfill.get(0).arrival;
                // at the steady 20 per second per reader, these would take nine seconds
                assertThat(backfill.get(AT_LEAST - 1).arrival - firstArrival).isLessThan(4_500);
                long period = BACKFILL.toMillis();
                long oldest = backfill.get(0).timestamp;
                long start = oldest - oldest % period;
                assertThat(oldest - start)
                        .as("the first is the period's start: %s", backfill.get(0))
                        .isLessThan(500);
                // the last whole period that ended the watermark's lag (and the largest transport
                // delay) before the reader began; less a second for a reader that opened a little
                // before its first record
                long lag = WATERMARK_LAG.toMillis() + 400;
                assertThat(start)
                        .as("the start of the last whole period the watermark can close at once")
                        .isBetween(
                                firstArrival - 2 * period - lag - 1_000,
                                firstArrival - period - lag);
                assertThat(backfill).allMatch(x -> x.timestamp >= start);
                assertThat(backfill)
                        .as("stamped in the past, oldest first")
                        .allMatch(x -> x.timestamp < firstArrival)
                        .isSortedAccordingTo(
                                (x, y) -> Long.compare(x.timestamp, y.timestamp + 400));
            }
        } finally {
            Clusters.cancel(job);
        }
    }

    @Test
    @Timeout(120)
    void aRestartedReaderSendsNoPast() throws Exception {
        Recorded.reset(PARALLELISM * AT_LEAST + 100);
        Configuration config = new Configuration();
        Clusters.restartingThreeTimes(config);
        JobClient job = generator(config).executeAsync("backfill and restart");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    Recorded.of(job.getJobID()).filter(r -> r.attempt > 0).count()
                                            >= 100);
            long failedAt = Recorded.FAILED_AT.get();
            assertThat(failedAt).as("the failure was injected").isPositive();
            assertThat(
                            Recorded.of(job.getJobID())
                                    .filter(r -> r.attempt > 0)
                                    .mapToLong(r -> r.timestamp)
                                    .min()
                                    .getAsLong())
                    .as("no record after the restart is older than the failure, less transit")
                    .isGreaterThanOrEqualTo(failedAt - 400);
        } finally {
            Clusters.cancel(job);
        }
    }

    private static StreamExecutionEnvironment generator(Configuration config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        SensorSimulator simulator = new SensorSimulator(SENSORS, RATE, BACKFILL, WATERMARK_LAG);
        env.fromSource(
                        new DataGeneratorSource<>(
                                simulator,
                                Long.MAX_VALUE,
                                simulator,
                                TypeInformation.of(ParsedRecord.class)),
                        WatermarkStrategy.noWatermarks(),
                        "simulated sensors")
                .map(new Recorded())
                .sinkTo(new DiscardingSink<>());
        return env;
    }

    /**
     * Notes each reading's time, when it arrived, in which job and attempt; fails once when it has
     * seen {@code failAfter} records. State is static: the mini cluster runs in the test's JVM, and
     * the test reads only its own job's records (a cancelled job's tasks may still be running).
     */
    static final class Recorded extends RichMapFunction<ParsedRecord, ParsedRecord> {
        record Seen(JobID job, long timestamp, long arrival, int subtask, int attempt) {}

        static final List<Seen> ALL = new CopyOnWriteArrayList<>();
        static final AtomicLong FAILED_AT = new AtomicLong();
        static volatile long failAfter;

        static Stream<Seen> of(JobID job) {
            return ALL.stream().filter(x -> x.job.equals(job));
        }

        /** What the reader of this subtask sent in this job, in order. */
        static List<Seen> of(JobID job, int subtask) {
            return of(job).filter(x -> x.subtask == subtask).toList();
        }

        static void reset(long failAfterRecords) {
            ALL.clear();
            FAILED_AT.set(0);
            failAfter = failAfterRecords;
        }

        @Override
        public ParsedRecord map(ParsedRecord record) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (record.reading != null) {
                ALL.add(
                        new Seen(
                                getRuntimeContext().getJobInfo().getJobId(),
                                record.reading.timestamp,
                                System.currentTimeMillis(),
                                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                                attempt));
            }
            if (attempt == 0 && ALL.size() >= failAfter && FAILED_AT.compareAndSet(0, 1)) {
                FAILED_AT.set(System.currentTimeMillis());
                throw new IllegalStateException("injected failure");
            }
            return record;
        }
    }
}
