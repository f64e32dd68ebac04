package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Dead-letters readings whose tumbling window the watermark has already closed.
 *
 * <p>The window aggregation would drop such a reading silently. It drops a reading when {@code
 * windowEnd - 1 <= its watermark}. This operator sits where its watermark is never behind the
 * aggregation's (see {@code PipelineTopology.judgeInTheSourcesChain}): whatever passes here is
 * still accepted there, and whatever is rejected here is dead-lettered instead of vanishing.
 */
public class LateReadingFilter extends ProcessFunction<Reading, Reading> {

    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-readings") {};

    private final long windowSizeMillis;
    private transient DeadLetterCounters deadLettered;

    public LateReadingFilter(long windowSizeMillis) {
        this.windowSizeMillis = windowSizeMillis;
    }

    @Override
    public void open(Configuration parameters) {
        deadLettered =
                new DeadLetterCounters(getRuntimeContext().getMetricGroup(), Rejection.Code.LATE);
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Reading> out) {
        long windowEnd = windowStart(reading.timestamp, windowSizeMillis) + windowSizeMillis;
        if (windowEnd - 1 <= ctx.timerService().currentWatermark()) {
            deadLettered.count(Rejection.Code.LATE);
            ctx.output(
                    LATE,
                    new DeadLetter(
                            Rejection.of(Rejection.Code.LATE, null).reasonText(),
                            reading.source,
                            reading.payload,
                            System.currentTimeMillis()));
        } else {
            out.collect(reading);
        }
    }

    /** Start of the epoch-aligned tumbling window that holds this instant. */
    public static long windowStart(long timestamp, long windowSizeMillis) {
        return timestamp - Math.floorMod(timestamp, windowSizeMillis);
    }
}
