package io.sensorflow.job.testing;

import io.sensorflow.job.model.ParsedRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Failure injection for sinks that write between checkpoints: a slowed replay fails once, some
 * seconds after the first checkpoint completed, so that what the sinks flushed since that
 * checkpoint is already in the database when the job restores from it and writes it all again. It
 * notes the database's row count ({@link #ROWS}) at the checkpoint and at the failure. State is
 * static: the mini cluster runs in the test's JVM.
 */
public final class FailAfterFlushes
        implements MapFunction<ParsedRecord, ParsedRecord>, CheckpointListener {
    /** Counts the rows the sinks have written so far. */
    public static volatile LongSupplier ROWS;

    public static final AtomicBoolean FAILED = new AtomicBoolean();
    public static final AtomicLong ROWS_AT_CHECKPOINT = new AtomicLong(-1);
    public static final AtomicLong ROWS_AT_FAILURE = new AtomicLong(-1);
    static final AtomicLong CHECKPOINTED_AT = new AtomicLong();
    static final AtomicLong SEEN = new AtomicLong();

    private final long afterMillis;

    private FailAfterFlushes(long afterMillis) {
        this.afterMillis = afterMillis;
    }

    /**
     * A millisecond's pause every 2 records; the failure {@code afterMillis} after a checkpoint.
     */
    public static DataStream<ParsedRecord> after(
            DataStream<ParsedRecord> records, long afterMillis) {
        return records.map(new FailAfterFlushes(afterMillis))
                .setParallelism(records.getParallelism())
                .returns(TypeInformation.of(ParsedRecord.class))
                .name("fail after flushes");
    }

    public static void reset(LongSupplier rows) {
        ROWS = rows;
        FAILED.set(false);
        ROWS_AT_CHECKPOINT.set(-1);
        ROWS_AT_FAILURE.set(-1);
        CHECKPOINTED_AT.set(0);
        SEEN.set(0);
    }

    @Override
    public ParsedRecord map(ParsedRecord record) throws Exception {
        if (SEEN.incrementAndGet() % 2 == 0) {
            Thread.sleep(1);
        }
        long checkpointed = CHECKPOINTED_AT.get();
        if (checkpointed != 0
                && System.nanoTime() - checkpointed > afterMillis * 1_000_000
                && FAILED.compareAndSet(false, true)) {
            ROWS_AT_FAILURE.set(ROWS.getAsLong());
            throw new IllegalStateException("injected failure after the sinks flushed");
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (ROWS_AT_CHECKPOINT.compareAndSet(-1, ROWS.getAsLong())) {
            CHECKPOINTED_AT.set(System.nanoTime());
        }
    }
}
