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
        // Routing and the lateness check run at the sources' parallelism. A single reader (a file
        // replay) thus feeds one late filter over one channel, which sees the reader's watermark
        // exactly as it moved: which readings are late cannot depend on timing. Behind parallel
        // readers it would: a filter combines watermarks from several channels, whichever came in.
        int ingest = records.getParallelism();
        SingleOutputStreamOperator<Reading> readings =
                records.process(new RouteParsedRecords())
                        .setParallelism(ingest)
                        .name("route parsed records")
                        .uid("route-parsed-records");
        // Judge lateness behind an all-to-all exchange, where every instance sees the watermark
        // combined from all source splits, as the window aggregation does. Right behind a source
        // split that was idle, the watermark could lag the aggregation's, and a reading it lets
        // pass would then be dropped there silently.
        SingleOutputStreamOperator<Reading> onTime =
                readings.rebalance()
                        .process(new LateReadingFilter(settings.windowSize().toMillis()))
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
}
