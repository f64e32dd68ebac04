package io.sensorflow.job.testing;

import io.sensorflow.job.model.ParsedRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Failure injection: passes records through, holds the flow back after the first 500 until a
 * checkpoint has completed, then throws once, so that the job restarts from that checkpoint with
 * input still to come. State is static: the mini cluster runs in the test's JVM.
 */
public final class FailOnceAfterCheckpoint extends RichMapFunction<ParsedRecord, ParsedRecord>
        implements CheckpointListener {
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicInteger SEEN = new AtomicInteger();

    /** The records, through a step that fails once after the first checkpoint. */
    public static DataStream<ParsedRecord> after(DataStream<ParsedRecord> records) {
        return records.map(new FailOnceAfterCheckpoint())
                .setParallelism(records.getParallelism())
                .returns(TypeInformation.of(ParsedRecord.class))
                .name("fail once");
    }

    public static void reset() {
        FAILED.set(false);
        CHECKPOINTED.set(false);
        SEEN.set(0);
    }

    @Override
    public ParsedRecord map(ParsedRecord record) throws Exception {
        if (SEEN.incrementAndGet() > 500 && !CHECKPOINTED.get()) {
            Thread.sleep(5);
        }
        if (CHECKPOINTED.get() && SEEN.get() > 500 && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure");
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
