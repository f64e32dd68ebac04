package io.sensorflow.job.source;

import io.sensorflow.job.model.Reading;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event time from each reading's timestamp, bounded out-of-orderness, optional idleness. */
public final class ReadingWatermarks {
    private ReadingWatermarks() {}

    /**
     * @param maxOutOfOrderness how far behind the newest reading a reading may be and still count
     * @param idleTimeout after this long without input a source split stops holding back the
     *     watermark; zero disables idleness
     */
    public static WatermarkStrategy<Reading> strategy(
            Duration maxOutOfOrderness, Duration idleTimeout) {
        WatermarkStrategy<Reading> strategy =
                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(maxOutOfOrderness)
                        .withTimestampAssigner((reading, previous) -> reading.timestamp);
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }
}
