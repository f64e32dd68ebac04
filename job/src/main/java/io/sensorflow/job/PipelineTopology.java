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
        // where that keeps the check's meaning (see judgeInTheSourcesChain), and the tables'
        // conversion follows in the same chain. A single reader (a file replay) feeds one late
        // filter that sees the reader's watermark exactly as it moved: which readings are late
        // cannot depend on timing.
        int ingest = records.getParallelism();
        SingleOutputStreamOperator<Reading> readings =
                records.process(new RouteParsedRecords())
                        .setParallelism(ingest)
                        .name("route parsed records")
                        .uid("route-parsed-records");
        DataStream<Reading> toJudge =
                judgeInTheSourcesChain(ingest) ? readings : readings.rebalance();
        SingleOutputStreamOperator<Reading> onTime =
                toJudge.transform(
                                "drop late readings",
                                TypeInformation.of(Reading.class),
                                new LateReadingFilter(settings.windowSize().toMillis()))
                        .setParallelism(ingest)
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
     * Whether the lateness check may run chained to the source task it reads from.
     *
     * <p>A reading is late when the watermark combined from all source tasks, the one the window
     * aggregation goes by, has closed its window. Behind a single source task, that is the task's
     * own watermark. Behind several, a chained check would judge by its own task's watermark, which
     * runs ahead of the combined one: it would dead-letter readings that the aggregation still
     * takes, and which ones would depend on how partitions fall to tasks. Worse, with idleness on,
     * the aggregation moves on without a task while it is idle, and when the task resumes, its own
     * watermark may be behind the aggregation's: readings it lets pass would be dropped there
     * silently. So then the check runs behind an all-to-all exchange, where every instance sees the
     * watermark combined from all source tasks.
     */
    static boolean judgeInTheSourcesChain(int sourceTasks) {
        return sourceTasks == 1;
    }
}
