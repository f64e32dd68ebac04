package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses raw records: valid readings go on, everything else to the dead-letter side output. */
public class ParseReadings extends ProcessFunction<RawRecord, Reading> {

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
    public void processElement(RawRecord raw, Context ctx, Collector<Reading> out) {
        readingsIn.inc();
        ParseResult result = ReadingParser.parse(raw);
        if (result.isValid()) {
            out.collect(result.reading());
        } else {
            Rejection rejection = result.rejection();
            deadLettered.count(rejection.code());
            ctx.output(
                    DEAD_LETTERS,
                    new DeadLetter(
                            rejection.reasonText(),
                            raw.source,
                            raw.payload,
                            System.currentTimeMillis()));
        }
    }
}
