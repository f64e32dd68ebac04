package io.sensorflow.job.source;

import io.sensorflow.job.model.ParsedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time from each reading's timestamp, with bounded out-of-orderness and optional idleness,
 * applied in the source so that each split (a Kafka partition, a file) has its own watermark and
 * the source's is the least of them. Dead letters carry no event time.
 *
 * <p>Live sources advance the watermark periodically (Flink's auto-watermark interval). A file
 * replay advances it with every reading instead: a replay runs in milliseconds, so periodic
 * watermarks would depend on timing, and which readings count as late must not.
 */
public final class ReadingWatermarks {
    private ReadingWatermarks() {}

    /**
     * @param maxOutOfOrderness how far behind the newest reading a reading may be and still count
     * @param idleTimeout after this long without input a source split stops holding back the
     *     watermark; zero disables idleness
     * @param everyReading advance the watermark on each reading (replays) rather than periodically
     */
    public static WatermarkStrategy<ParsedRecord> strategy(
            Duration maxOutOfOrderness, Duration idleTimeout, boolean everyReading) {
        WatermarkStrategy<ParsedRecord> strategy =
                everyReading
                        ? WatermarkStrategy.forGenerator(ctx -> new EveryReading(maxOutOfOrderness))
                        : WatermarkStrategy.forBoundedOutOfOrderness(maxOutOfOrderness);
        strategy = strategy.withTimestampAssigner((record, previous) -> record.eventTime());
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }

    /** Bounded out-of-orderness that emits as soon as a reading moves it. */
    static final class EveryReading extends BoundedOutOfOrdernessWatermarks<ParsedRecord> {
        EveryReading(Duration maxOutOfOrderness) {
            super(maxOutOfOrderness);
        }

        @Override
        public void onEvent(ParsedRecord event, long eventTimestamp, WatermarkOutput output) {
            super.onEvent(event, eventTimestamp, output);
            onPeriodicEmit(output);
        }
    }
}
