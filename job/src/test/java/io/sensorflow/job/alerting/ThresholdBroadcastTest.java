package io.sensorflow.job.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.job.PipelineTopology;
import io.sensorflow.job.config.PipelineSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.source.ReadingParser;
import io.sensorflow.job.source.ReadingWatermarks;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.CollectingReporter;
import io.sensorflow.job.testing.CollectingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A threshold set arriving on the broadcast stream mid-run changes the alerts from then on, in
 * every parallel evaluator, with {@code rulesVersion} following it; a window open across the change
 * keeps its state; a set that does not fit the rules is ignored.
 */
class ThresholdBroadcastTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final CountDownLatch RELEASE_THRESHOLDS = new CountDownLatch(1);
    static final CountDownLatch RELEASE_PHASE_TWO = new CountDownLatch(1);

    @Test
    @Timeout(180)
    void aNewThresholdSetAppliesToTheAggregatesEvaluatedAfterIt() throws Exception {
        CollectingReporter.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<String> sensors = sensorsOnBothSubtasks(2);

        var records =
                env.addSource(
                                new PhasedReadings(sensors),
                                "phased readings",
                                TypeInformation.of(RawRecord.class))
                        .setParallelism(1)
                        .map(ReadingParser::parseRecord)
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                ReadingWatermarks.strategy(
                                        Duration.ofSeconds(1), Duration.ZERO, true))
                        .setParallelism(1);
        var updates =
                env.addSource(
                                new HeldThresholdSets(),
                                "held threshold sets",
                                TypeInformation.of(ThresholdSet.class))
                        .setParallelism(1);
        PipelineSettings settings =
                new PipelineSettings(
                        "live",
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(1),
                        Duration.ZERO,
                        List.of(
                                new Rule(
                                        "overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1)));
        PipelineTopology.Outputs outputs = PipelineTopology.build(settings, records, updates);
        CollectingSink<Alert> alerts = new CollectingSink<>("broadcast-alerts");
        CollectingSink<Aggregate> averages = new CollectingSink<>("broadcast-averages");
        outputs.alerts().sinkTo(alerts);
        outputs.averages().sinkTo(averages);
        JobClient job = env.executeAsync("threshold broadcast");

        // Phase one is judged against the starting threshold, 30 (version 0).
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alerts.received().size() == 2 * sensors.size());
        RELEASE_THRESHOLDS.countDown();
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> CollectingReporter.gaugeValues("rulesVersion"),
                        v -> v.size() == 2 && v.stream().allMatch(x -> ((Long) x) == 7L));
        RELEASE_PHASE_TWO.countDown();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        for (String sensor : sensors) {
            List<String> got =
                    alerts.received().stream()
                            .filter(a -> a.sensorId.equals(sensor))
                            .map(ThresholdBroadcastTest::describe)
                            .toList();
            assertThat(got)
                    .as("alerts of %s", sensor)
                    .containsExactly(
                            "FIRING 10:01 value 32.0 threshold 30.0 v0",
                            "RESOLVED 10:02 value 25.0 threshold 30.0 v0",
                            // 10:03's 33.0 is not above 35: without the new set it would have fired
                            "FIRING 10:04 value 36.0 threshold 35.0 v7",
                            "RESOLVED 10:05 value 34.0 threshold 35.0 v7");
            Aggregate acrossTheChange =
                    averages.received().stream()
                            .filter(a -> a.sensorId.equals(sensor) && a.windowEnd == at(3, 0))
                            .findFirst()
                            .orElseThrow();
            assertThat(acrossTheChange.avgTemperature).isEqualTo(33.0);
            assertThat(acrossTheChange.temperatureReadings).isEqualTo(2);
        }
        assertThat(CollectingReporter.counterSum("thresholdSetsRejected")).isEqualTo(2);
        assertThat(CollectingReporter.counterSum("thresholdSetsApplied")).isEqualTo(2);
    }

    private static String describe(Alert a) {
        String end = Instant.ofEpochMilli(a.windowEnd).toString().substring(11, 16);
        return a.status
                + " "
                + end
                + " value "
                + a.value
                + " threshold "
                + a.threshold
                + " v"
                + a.rulesVersion;
    }

    static long at(int minute, int second) {
        return T0.plusSeconds(minute * 60L + second).toEpochMilli();
    }

    /** Sensor names whose keys land on every one of the parallel evaluators. */
    static List<String> sensorsOnBothSubtasks(int parallelism) {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        List<String> picked = new ArrayList<>();
        boolean[] covered = new boolean[parallelism];
        for (int i = 1; picked.size() < parallelism; i++) {
            String id = "s-" + i;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            id, maxParallelism, parallelism);
            if (!covered[subtask]) {
                covered[subtask] = true;
                picked.add(id);
            }
        }
        return picked;
    }

    static String reading(String sensor, long timestamp, double value) {
        return "{\"sensorId\":\""
                + sensor
                + "\",\"type\":\"temperature\",\"timestamp\":"
                + timestamp
                + ",\"value\":"
                + value
                + "}";
    }

    /** Readings in two phases; the second waits for the test's signal. */
    static final class PhasedReadings implements SourceFunction<RawRecord> {
        private final List<String> sensors;
        private volatile boolean running = true;

        PhasedReadings(List<String> sensors) {
            this.sensors = sensors;
        }

        @Override
        public void run(SourceContext<RawRecord> ctx) throws Exception {
            emit(ctx, at(0, 30), 32.0);
            emit(ctx, at(1, 30), 25.0);
            emit(ctx, at(2, 5), 33.0); // closes 10:00 and 10:01; 10:02 stays open across the change
            while (running && !RELEASE_PHASE_TWO.await(50, TimeUnit.MILLISECONDS)) {}
            emit(ctx, at(2, 50), 33.0);
            emit(ctx, at(3, 30), 36.0);
            emit(ctx, at(4, 30), 34.0);
            emit(ctx, at(5, 30), 20.0);
        }

        private void emit(SourceContext<RawRecord> ctx, long timestamp, double value) {
            for (String sensor : sensors) {
                ctx.collect(new RawRecord(reading(sensor, timestamp, value), "test", null));
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    /** A set that names an unknown rule (to be ignored), then version 7: overheat above 35. */
    static final class HeldThresholdSets implements SourceFunction<ThresholdSet> {
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<ThresholdSet> ctx) throws Exception {
            while (running && !RELEASE_THRESHOLDS.await(50, TimeUnit.MILLISECONDS)) {}
            ctx.collect(ThresholdSet.of(9, Map.of("no-such-rule", 1.0)));
            ctx.collect(ThresholdSet.of(7, Map.of("overheat", 35.0)));
        }

        @Override
        public void cancel() {
            running = false;
        }
    }
}
