package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Dead-letters readings whose tumbling window the watermark has already closed.
 *
 * <p>The window aggregation would drop such a reading silently. It drops a reading when {@code
 * windowEnd - 1 <= its watermark}. This operator sits where its watermark is never behind the
 * aggregation's (see {@code PipelineTopology.judgeInTheSourcesChain}): whatever passes here is
 * still accepted there, and whatever is rejected here is dead-lettered instead of vanishing.
 *
 * <p>It judges by every watermark it receives, but hands on only those that close a window (and the
 * final one): the aggregation acts on nothing else. A file replay advances the watermark with every
 * reading, and sending each one on, to every downstream task, cost more than the reading. Holding
 * the others back keeps the aggregation's watermark behind this one, as it must be.
 */
public class LateReadingFilter extends AbstractStreamOperator<Reading>
        implements OneInputStreamOperator<Reading, Reading> {

    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-readings") {};

    private final long windowSizeMillis;
    private transient DeadLetterCounters deadLettered;
    private transient long watermark;

    /** The number of window ends at or before the last watermark handed on. */
    private transient long windowsClosed;

    public LateReadingFilter(long windowSizeMillis) {
        this.windowSizeMillis = windowSizeMillis;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        deadLettered = new DeadLetterCounters(getMetricGroup(), Rejection.Code.LATE);
        watermark = Long.MIN_VALUE;
        windowsClosed = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<Reading> element) {
        Reading reading = element.getValue();
        long windowEnd = windowStart(reading.timestamp, windowSizeMillis) + windowSizeMillis;
        if (windowEnd - 1 <= watermark) {
            deadLettered.count(Rejection.Code.LATE);
            output.collect(
                    LATE,
                    new StreamRecord<>(
                            new DeadLetter(
                                    Rejection.of(Rejection.Code.LATE, null).reasonText(),
                                    reading.source,
                                    reading.payload,
                                    System.currentTimeMillis())));
        } else {
            output.collect(element);
        }
    }

    @Override
    public void processWatermark(Watermark mark) {
        watermark = mark.getTimestamp();
        // a window [s, e) closes at watermark e - 1: count the ends e with e - 1 <= watermark
        long closed =
                watermark == Long.MAX_VALUE
                        ? Long.MAX_VALUE
                        : Math.floorDiv(watermark + 1, windowSizeMillis);
        if (closed > windowsClosed) {
            windowsClosed = closed;
            output.emitWatermark(mark);
        }
    }

    /** Start of the epoch-aligned tumbling window that holds this instant. */
    public static long windowStart(long timestamp, long windowSizeMillis) {
        return timestamp - Math.floorMod(timestamp, windowSizeMillis);
    }
}
