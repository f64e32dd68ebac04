package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the parsed records: readings go on, dead letters to the side output. It counts them here,
 * in the job's operators, rather than in the sources where parsing happens.
 */
public class RouteParsedRecords extends ProcessFunction<ParsedRecord, Reading> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter readingsIn;
    private transient DeadLetterCounters deadLettered;

    @Override
    public void open(Configuration parameters) {
        readingsIn = getRuntimeContext().getMetricGroup().counter("readingsIn");
        deadLettered =
                new DeadLetterCounters(
                        getRuntimeContext().getMetricGroup(),
                        Rejection.Code.MALFORMED_JSON,
                        Rejection.Code.MISSING_FIELD,
                        Rejection.Code.WRONG_TYPE,
                        Rejection.Code.INVALID_VALUE,
                        Rejection.Code.OUT_OF_RANGE);
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<Reading> out) {
        readingsIn.inc();
        if (record.reading != null) {
            out.collect(record.reading);
        } else {
            deadLettered.count(record.rejection);
            ctx.output(DEAD_LETTERS, record.deadLetter);
        }
    }
}
