package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.MetricNames;
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
 * in the job's operators, rather than in the sources where parsing happens, and tracks how far the
 * input has got (the gauges {@code latestEventTime} and {@code fileBytesRead}), for progress
 * reports.
 */
public class RouteParsedRecords extends ProcessFunction<ParsedRecord, Reading> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter readingsIn;
    private transient DeadLetterCounters deadLettered;

    /** The latest reading time seen, epoch millis; {@link Long#MIN_VALUE} before any reading. */
    private transient long latestEventTime;

    /** The largest {@link ParsedRecord#fileOffset} seen; -1 when not reading a file. */
    private transient long fileBytesRead;

    @Override
    public void open(Configuration parameters) {
        latestEventTime = Long.MIN_VALUE;
        fileBytesRead = -1;
        getRuntimeContext()
                .getMetricGroup()
                .gauge(MetricNames.LATEST_EVENT_TIME, () -> latestEventTime);
        getRuntimeContext()
                .getMetricGroup()
                .gauge(MetricNames.FILE_BYTES_READ, () -> fileBytesRead);
        readingsIn = getRuntimeContext().getMetricGroup().counter(MetricNames.READINGS_IN);
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
        if (record.fileOffset > fileBytesRead) {
            fileBytesRead = record.fileOffset;
        }
        if (record.reading != null) {
            if (record.reading.timestamp > latestEventTime) {
                latestEventTime = record.reading.timestamp;
            }
            out.collect(record.reading);
        } else {
            deadLettered.count(record.rejection);
            ctx.output(DEAD_LETTERS, record.deadLetter);
        }
    }
}
