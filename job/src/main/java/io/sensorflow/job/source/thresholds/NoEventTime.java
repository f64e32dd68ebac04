package io.sensorflow.job.source.thresholds;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * For a stream that has no event time of its own, like threshold updates: its watermark is always
 * at the end of time, so that where it joins the aggregates (the evaluator) event time is the
 * aggregates' alone and never held back waiting for a threshold change.
 */
public final class NoEventTime<T> implements WatermarkGenerator<T> {
    private NoEventTime() {}

    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.forGenerator(context -> new NoEventTime<>());
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
