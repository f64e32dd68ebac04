package io.sensorflow.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.api.Metric;
import io.sensorflow.job.model.DeadLetter;
import io.sensorflow.job.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The lateness check's verdicts and the watermarks it hands on, on Flink's operator harness. */
class LateReadingFilterTest {
    static final long WINDOW = 10_000;

    static StreamRecord<Reading> reading(long timestamp) {
        return new StreamRecord<>(
                new Reading("s1", Metric.TEMPERATURE, timestamp, 20.0, "f:1", "{}"), timestamp);
    }

    static OneInputStreamOperatorTestHarness<Reading, Reading> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new LateReadingFilter(WINDOW));
    }

    static List<Object> emitted(OneInputStreamOperatorTestHarness<Reading, Reading> h) {
        return new ArrayList<>(h.getOutput());
    }

    @Test
    void handsOnOnlyTheWatermarksThatCloseAWindowAndTheLast() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(5_000));
            h.processWatermark(new Watermark(9_998));
            h.processWatermark(new Watermark(9_999)); // closes [0, 10000)
            h.processWatermark(new Watermark(15_000));
            h.processWatermark(new Watermark(31_000)); // closes two more
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(emitted(h))
                    .containsExactly(
                            new Watermark(9_999),
                            new Watermark(31_000),
                            new Watermark(Long.MAX_VALUE));
        }
    }

    @Test
    void judgesByTheWatermarkAsItMoves() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(19_998)); // closes [0, 10000)
            h.processElement(reading(10_500)); // window ends 20000: 19999 > 19998, on time
            h.processWatermark(new Watermark(19_999)); // closes [10000, 20000)
            h.processElement(reading(10_600)); // now late
            assertThat(emitted(h))
                    .containsExactly(new Watermark(19_998), reading(10_500), new Watermark(19_999));
            ConcurrentLinkedQueue<StreamRecord<DeadLetter>> late =
                    h.getSideOutput(LateReadingFilter.LATE);
            assertThat(late).hasSize(1);
            StreamRecord<DeadLetter> dl = late.peek();
            assertThat(dl.getValue().reason).isEqualTo("late");
            assertThat(dl.getValue().source).isEqualTo("f:1");
            assertThat(dl.getTimestamp()).isEqualTo(10_600);
        }
    }

    @Test
    void neverReportsItsInputIdle() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            assertThat(emitted(h)).isEmpty();
        }
    }

    @Test
    void afterARestoreItJudgesByTheLeastWatermarkItsInstancesHadReached() throws Exception {
        OperatorSubtaskState ahead;
        OperatorSubtaskState behind;
        try (var h =
                new OneInputStreamOperatorTestHarness<>(new LateReadingFilter(WINDOW), 128, 2, 0)) {
            h.open();
            h.processWatermark(new Watermark(40_000));
            ahead = h.snapshot(1, 1);
        }
        try (var h =
                new OneInputStreamOperatorTestHarness<>(new LateReadingFilter(WINDOW), 128, 2, 1)) {
            h.open();
            h.processWatermark(new Watermark(29_999));
            behind = h.snapshot(1, 1);
        }
        OperatorSubtaskState both = OneInputStreamOperatorTestHarness.repackageState(ahead, behind);
        try (var h =
                new OneInputStreamOperatorTestHarness<>(new LateReadingFilter(WINDOW), 128, 1, 0)) {
            h.initializeState(both);
            h.open();
            h.processElement(reading(25_000)); // window ends 30000: closed at 29999
            h.processElement(reading(30_000)); // still open at 29999
            h.processWatermark(new Watermark(35_000)); // closes nothing new
            assertThat(emitted(h)).containsExactly(reading(30_000));
            assertThat(h.getSideOutput(LateReadingFilter.LATE)).hasSize(1);
        }
    }
}
