package io.sensorflow.job.source;

import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.model.Rejection;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Dead-letters readings whose tumbling window the watermark has already closed.
 *
 * <p>The window aggregation would drop such a reading silently. It drops a reading when {@code
 * windowEnd - 1 <= its watermark}. This operator's watermark is never behind the aggregation's:
 * whatever passes here is still accepted there, and whatever is rejected here is dead-lettered
 * instead of vanishing. Three things keep it so:
 *
 * <ul>
 *   <li>where it runs (see {@code PipelineTopology.judgeInTheSourcesChain});
 *   <li>after a restore it resumes from the least watermark any of its instances had reached, as
 *       the aggregation resumes from its own, which was never ahead of them;
 *   <li>it never reports its input idle downstream. The aggregation's first phase holds partial
 *       sums until a watermark closes their slice; were it marked idle, the second phase could
 *       close a window on another task's watermark before those sums arrived, and drop them. Every
 *       instance of this operator sees every source task, so they would all go idle together.
 * </ul>
 *
 * <p>It judges by every watermark it receives, but hands on only those that close a window (and the
 * final one): the aggregation acts on nothing else. A file replay advances the watermark with every
 * reading, and sending each one on, to every downstream task, cost more than the reading.
 */
public class LateReadingFilter extends AbstractStreamOperator<Reading>
        implements OneInputStreamOperator<Reading, Reading> {

    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-readings") {};

    private final long windowSizeMillis;
    private transient DeadLetterCounters deadLettered;
    private transient ListState<Long> watermarks;
    private transient long watermark;

    /** The number of window ends at or before the last watermark handed on. */
    private transient long windowsClosed;

    public LateReadingFilter(long windowSizeMillis) {
        this.windowSizeMillis = windowSizeMillis;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        watermarks =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("watermark", Long.class));
        watermark = Long.MIN_VALUE;
        if (context.isRestored()) {
            long least = Long.MAX_VALUE;
            boolean any = false;
            for (Long w : watermarks.get()) {
                least = Math.min(least, w);
                any = true;
            }
            watermark = any ? least : Long.MIN_VALUE;
        }
        // readings are never before the epoch: windows that end by then hold none
        windowsClosed = Math.max(0, closedBy(watermark));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        watermarks.update(List.of(watermark));
    }

    @Override
    public void open() throws Exception {
        super.open();
        deadLettered = new DeadLetterCounters(getMetricGroup(), Rejection.Code.LATE);
    }

    @Override
    public void processElement(StreamRecord<Reading> element) {
        Reading reading = element.getValue();
        long windowEnd = windowStart(reading.timestamp, windowSizeMillis) + windowSizeMillis;
        if (windowEnd - 1 <= watermark) {
            deadLettered.count(Rejection.Code.LATE);
            DeadLetter late =
                    new DeadLetter(
                            Rejection.of(Rejection.Code.LATE, null).reasonText(),
                            reading.source(),
                            reading.payloadText(),
                            System.currentTimeMillis());
            output.collect(
                    LATE,
                    element.hasTimestamp()
                            ? new StreamRecord<>(late, element.getTimestamp())
                            : new StreamRecord<>(late));
        } else {
            output.collect(element);
        }
    }

    @Override
    public void processWatermark(Watermark mark) {
        watermark = Math.max(watermark, mark.getTimestamp());
        long closed = closedBy(watermark);
        if (closed > windowsClosed) {
            windowsClosed = closed;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // never handed on: see the class comment
    }

    /** How many window ends {@code e} there are with {@code e - 1 <= watermark}. */
    private long closedBy(long watermark) {
        return watermark == Long.MAX_VALUE
                ? Long.MAX_VALUE
                : Math.floorDiv(watermark + 1, windowSizeMillis);
    }

    /** Start of the epoch-aligned tumbling window that holds this instant. */
    public static long windowStart(long timestamp, long windowSizeMillis) {
        return timestamp - Math.floorMod(timestamp, windowSizeMillis);
    }
}
