package io.sensorflow.job;

import io.sensorflow.job.alerting.AlertDetection;
import io.sensorflow.job.alerting.ThresholdSet;
import io.sensorflow.job.config.PipelineSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.query.SensorTables;
import io.sensorflow.job.query.WindowAverages;
import io.sensorflow.job.source.LateReadingFilter;
import io.sensorflow.job.source.RouteParsedRecords;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The job's dataflow between its sources and its sinks, the same whatever they are:
 *
 * <pre>
 * sources (parse, event time) → route → drop late ─┬→ temperature_readings ─┐
 *                                   │          │     └→ humidity_readings ────┴→ window averages ─→ averages
 *                                   └─ dead letters ←┘                                        │
 *                                            threshold sets (broadcast) → evaluate → CEP per rule → alerts
 * </pre>
 */
public final class PipelineTopology {
    private PipelineTopology() {}

    /** The three outputs of the pipeline. */
    public record Outputs(
            DataStream<Aggregate> averages,
            DataStream<Alert> alerts,
            DataStream<DeadLetter> deadLetters) {}

    /**
     * @param records parsed records with event time and watermarks from their source
     * @param thresholdUpdates threshold sets to apply while running
     */
    public static Outputs build(
            PipelineSettings settings,
            DataStream<ParsedRecord> records,
            DataStream<ThresholdSet> thresholdUpdates) {
        // Routing and the lateness check run at the sources' parallelism, in the sources' chain
        // where that is safe (see lateReadings), so that the window's local aggregation follows
        // in the same chain and readings never cross an exchange. A single reader (a file replay)
        // feeds one late filter that sees the reader's watermark exactly as it moved: which
        // readings are late cannot depend on timing.
        int ingest = records.getParallelism();
        SingleOutputStreamOperator<Reading> readings =
                records.process(new RouteParsedRecords())
                        .setParallelism(ingest)
                        .name("route parsed records")
                        .uid("route-parsed-records");
        DataStream<Reading> toJudge =
                judgeInTheSourcesChain(settings, ingest) ? readings : readings.rebalance();
        SingleOutputStreamOperator<Reading> onTime =
                toJudge.transform(
                                "drop late readings",
                                TypeInformation.of(Reading.class),
                                new LateReadingFilter(settings.windowSize().toMillis()))
                        .setParallelism(ingest)
                        .name("drop late readings")
                        .uid("late-readings");
        DataStream<DeadLetter> deadLetters =
                readings.getSideOutput(RouteParsedRecords.DEAD_LETTERS)
                        .union(onTime.getSideOutput(LateReadingFilter.LATE));

        StreamTableEnvironment tables =
                StreamTableEnvironment.create(records.getExecutionEnvironment());
        SensorTables.register(tables, onTime);
        DataStream<Aggregate> averages = WindowAverages.compute(tables, settings.windowSize());

        DataStream<Alert> alerts =
                AlertDetection.detect(
                        averages, thresholdUpdates, settings.pipeline(), settings.rules());
        return new Outputs(averages, alerts, deadLetters);
    }

    /**
     * Whether the lateness check may run on each source task's own watermark, chained to it.
     *
     * <p>The window aggregation's watermark is the least of its inputs'. Behind one source task, or
     * with idleness off, it is never ahead of any source task's: whatever a chained check lets pass
     * is still accepted there. With several source tasks and idleness on, it is not so: while one
     * task is idle the aggregation moves on without it, and when the task resumes, readings its own
     * watermark calls on time may belong to windows the aggregation has closed, which it would drop
     * silently. Then the check runs behind an all-to-all exchange, where every instance sees the
     * watermark combined from all source tasks as the aggregation does, and never behind it.
     */
    static boolean judgeInTheSourcesChain(PipelineSettings settings, int sourceTasks) {
        return sourceTasks == 1 || settings.idleTimeout().isZero();
    }
}
