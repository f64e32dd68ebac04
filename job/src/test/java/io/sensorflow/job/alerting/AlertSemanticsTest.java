package io.sensorflow.job.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.CollectingSink;
import io.sensorflow.job.testing.RuleSemantics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CEP patterns against the alert semantics of the README ("Records"), stated as the plainest
 * possible state machine: over random aggregate sequences (values on, above and below the
 * thresholds, windows missing a metric, gaps), the job emits exactly the alerts the state machine
 * does, in the same order per sensor.
 */
class AlertSemanticsTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final List<Rule> RULES =
            List.of(
                    new Rule("hot", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1),
                    new Rule("hot-for-long", Metric.TEMPERATURE, Direction.ABOVE, 28.0, 3),
                    new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 35.0, 2));
    static final long WINDOW = 60_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    @Timeout(180)
    void cepFindsExactlyTheAlertsOfTheContract(long seed) throws Exception {
        List<Aggregate> aggregates = randomAggregates(new Random(seed), 120, 30);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Aggregate> input =
                env.fromData(
                                TypeInformation.of(Aggregate.class),
                                aggregates.toArray(new Aggregate[0]))
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Aggregate>forMonotonousTimestamps()
                                        .withTimestampAssigner((a, t) -> a.windowEnd - 1))
                        .setParallelism(1);
        DataStream<ThresholdSet> noUpdates =
                env.fromData(
                        TypeInformation.of(ThresholdSet.class),
                        ThresholdEvaluator.initialSet(RULES));
        CollectingSink<Alert> sink = new CollectingSink<>("semantics-" + seed);
        AlertDetection.detect(input, noUpdates, "p", RULES).sinkTo(sink);
        env.execute("alert semantics " + seed);

        Map<String, List<String>> expected =
                bySensorAndRule(RuleSemantics.alerts("p", RULES, aggregates));
        Map<String, List<String>> actual = bySensorAndRule(sink.received());
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThan(100);
    }

    /** Each sensor's alerts of each rule in emitted order, as comparable text. */
    static Map<String, List<String>> bySensorAndRule(List<Alert> alerts) {
        Map<String, List<String>> map = new java.util.TreeMap<>();
        for (Alert a : alerts) {
            map.computeIfAbsent(a.sensorId + "/" + a.rule, k -> new ArrayList<>())
                    .add(
                            a.alertId
                                    + " "
                                    + a.status
                                    + " "
                                    + a.value
                                    + " "
                                    + a.threshold
                                    + " "
                                    + a.consecutiveWindows);
        }
        return map;
    }

    /**
     * Window-ordered aggregates: values cluster around the thresholds (and sometimes sit exactly on
     * them), some windows lack a metric, and some sensors skip windows.
     */
    static List<Aggregate> randomAggregates(Random random, int windows, int sensors) {
        double[] temperatures = {26, 27.5, 28, 29, 30, 30.5, 32, 35};
        double[] humidities = {20, 30, 34.5, 35, 36, 50};
        List<Aggregate> out = new ArrayList<>();
        long start = 1795514400000L;
        for (int w = 0; w < windows; w++) {
            for (int s = 0; s < sensors; s++) {
                if (random.nextInt(10) == 0) {
                    continue; // this sensor sent nothing in this window
                }
                boolean hasT = random.nextInt(6) != 0;
                boolean hasH = !hasT || random.nextInt(6) != 0;
                out.add(
                        new Aggregate(
                                "s-" + s,
                                start + w * WINDOW,
                                start + (w + 1) * WINDOW,
                                hasT ? temperatures[random.nextInt(temperatures.length)] : null,
                                hasH ? humidities[random.nextInt(humidities.length)] : null,
                                hasT ? 1 : 0,
                                hasH ? 1 : 0));
            }
        }
        out.sort(Comparator.comparingLong(a -> a.windowEnd));
        return out;
    }
}
