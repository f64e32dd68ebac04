package io.sensorflow.job.bench;

import io.sensorflow.api.Metric;
import io.sensorflow.job.PipelineTopology;
import io.sensorflow.job.alerting.ThresholdEvaluator;
import io.sensorflow.job.alerting.ThresholdSet;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.config.PipelineSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.source.LateReadingFilter;
import io.sensorflow.job.source.ReadingParser;
import io.sensorflow.job.source.ReadingWatermarks;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the whole pipeline (parse, event time, tables, window averages, threshold
 * evaluation, CEP, discarding sinks) on one slot with object reuse, from JSON readings held in
 * memory; next to it, a plain single-threaded Java loop that parses the same text with the same
 * parser and computes the same per-sensor window averages: the floor on the cost of the work.
 *
 * <p>Run on purpose, not as a test: {@code mvn -q -B -Pbench -pl job -am test -DskipTests}. Args:
 * {@code [readings] [sensors] [repetitions]}, default 2000000 1000 3.
 */
public final class PipelineThroughput {
    /** 2026-11-24T10:00:00Z; readings are 1 ms apart in event time. */
    static final long START = 1795514400000L;

    static final long WINDOW_MILLIS = 10_000;

    /** The input, shared with the source in this JVM so that it is not part of the job graph. */
    static String[] payloads;

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        payloads = generate(readings, sensors);
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(
                Locale.ROOT,
                "input: %,d JSON readings of %,d sensors, %d s windows, rules: overheat > 30%n",
                readings,
                sensors,
                WINDOW_MILLIS / 1000);

        // warm-up of both, then the measured rounds
        plainJava();
        flink(Math.min(readings, 200_000));
        for (int round = 1; round <= repetitions; round++) {
            long t0 = System.nanoTime();
            int plainAggregates = plainJava();
            double plainSeconds = (System.nanoTime() - t0) / 1e9;
            FlinkRun f = flink(readings);
            double plainRate = readings / plainSeconds;
            double flinkRate = readings / f.seconds;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: flink %,.0f rec/s (%.2f s, %,d aggregates) | plain java %,.0f rec/s"
                            + " (%.2f s, %,d aggregates) | flink/plain %.2f%n",
                    round,
                    flinkRate,
                    f.seconds,
                    f.aggregates,
                    plainRate,
                    plainSeconds,
                    plainAggregates,
                    flinkRate / plainRate);
        }
    }

    static String[] generate(int readings, int sensors) {
        String[] out = new String[readings];
        for (int i = 0; i < readings; i++) {
            int sensor = i % sensors;
            Metric metric = (i / sensors) % 2 == 0 ? Metric.TEMPERATURE : Metric.HUMIDITY;
            double value =
                    metric == Metric.TEMPERATURE
                            ? 20 + (sensor % 7) * 2 + (i % 13) * 0.1
                            : 40 + (sensor % 5) * 5 + (i % 11) * 0.1;
            out[i] =
                    String.format(
                            Locale.ROOT,
                            "{\"sensorId\":\"sensor-%04d\",\"type\":\"%s\",\"timestamp\":%d,\"value\":%.2f}",
                            sensor,
                            metric.wireName(),
                            START + i,
                            value);
        }
        return out;
    }

    /** Parse and average in one thread, with a hash map of open windows: the cost floor. */
    static int plainJava() {
        Map<String, double[]> windows = new HashMap<>();
        for (String payload : payloads) {
            // the very call the job's sources make
            Reading reading =
                    ReadingParser.parseRecord(new RawRecord(payload, "bench", null)).reading;
            if (reading == null) {
                continue;
            }
            long start = LateReadingFilter.windowStart(reading.timestamp, WINDOW_MILLIS);
            double[] acc =
                    windows.computeIfAbsent(reading.sensorId + '@' + start, k -> new double[4]);
            int slot = reading.metric == Metric.TEMPERATURE ? 0 : 2;
            acc[slot] += reading.value;
            acc[slot + 1]++;
        }
        int aggregates = 0;
        for (double[] acc : windows.values()) {
            double avgT = acc[1] > 0 ? acc[0] / acc[1] : Double.NaN;
            double avgH = acc[3] > 0 ? acc[2] / acc[3] : Double.NaN;
            if (!Double.isNaN(avgT) || !Double.isNaN(avgH)) {
                aggregates++;
            }
        }
        return aggregates;
    }

    record FlinkRun(double seconds, long aggregates) {}

    static final AtomicLong AGGREGATES = new AtomicLong();

    static FlinkRun flink(int readings) throws Exception {
        Configuration config = new Configuration();
        config.setString("taskmanager.numberOfTaskSlots", "1");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, config);
        env.getConfig().enableObjectReuse();
        JobOptions options =
                JobOptions.parse(
                        "--window-size", WINDOW_MILLIS / 1000 + "s",
                        "--max-out-of-orderness", "1s",
                        "--checkpoint-interval", "0s");
        PipelineSettings settings = options.settings();
        DataStream<ParsedRecord> records =
                env.fromSource(
                        new DataGeneratorSource<>(
                                new FromMemory(), readings, TypeInformation.of(ParsedRecord.class)),
                        ReadingWatermarks.strategy(
                                settings.maxOutOfOrderness(), settings.idleTimeout(), false),
                        "readings in memory");
        DataStream<ThresholdSet> thresholds =
                env.fromData(
                        TypeInformation.of(ThresholdSet.class),
                        ThresholdEvaluator.initialSet(settings.rules()));
        PipelineTopology.Outputs o = PipelineTopology.build(settings, records, thresholds);
        AGGREGATES.set(0);
        o.averages().map(new CountAggregates()).sinkTo(new DiscardingSink<>());
        o.alerts().sinkTo(new DiscardingSink<>());
        o.deadLetters().sinkTo(new DiscardingSink<>());
        long t0 = System.nanoTime();
        env.execute("throughput");
        return new FlinkRun((System.nanoTime() - t0) / 1e9, AGGREGATES.get());
    }

    static final class FromMemory implements GeneratorFunction<Long, ParsedRecord> {
        @Override
        public ParsedRecord map(Long index) {
            return ReadingParser.parseRecord(
                    new RawRecord(payloads[(int) (long) index], "bench", null));
        }
    }

    static final class CountAggregates implements MapFunction<Aggregate, Aggregate> {
        @Override
        public Aggregate map(Aggregate value) {
            AGGREGATES.incrementAndGet();
            return value;
        }
    }
}
