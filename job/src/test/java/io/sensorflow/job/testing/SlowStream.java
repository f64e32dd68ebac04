package io.sensorflow.job.testing;

import io.sensorflow.job.model.ParsedRecord;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Failure injection from outside the job: slows a replay down to a pace that outlasts an outage,
 * and, once a given number of records has passed, starts {@link #ACTION} on a thread of its own
 * while records keep flowing. State is static: the mini cluster runs in the test's JVM.
 */
public final class SlowStream implements MapFunction<ParsedRecord, ParsedRecord> {
    /** What to do mid-stream, e.g. restart the database. */
    public static volatile ThrowingRunnable ACTION;

    public static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicReference<Exception> FAILURE = new AtomicReference<>();
    public static volatile CountDownLatch done = new CountDownLatch(1);
    static final AtomicInteger SEEN = new AtomicInteger();

    private final int startAt;

    private SlowStream(int startAt) {
        this.startAt = startAt;
    }

    /** A millisecond's pause every 5 records; the action after {@code startAt} records. */
    public static DataStream<ParsedRecord> after(DataStream<ParsedRecord> records, int startAt) {
        return records.map(new SlowStream(startAt))
                .setParallelism(records.getParallelism())
                .returns(TypeInformation.of(ParsedRecord.class))
                .name("slow stream");
    }

    /** How many records have passed so far (across restarts). */
    public static int seen() {
        return SEEN.get();
    }

    /** What the action threw, if anything. */
    public static Exception failure() {
        return FAILURE.get();
    }

    public static void reset(ThrowingRunnable action) {
        ACTION = action;
        FAILURE.set(null);
        STARTED.set(false);
        SEEN.set(0);
        done = new CountDownLatch(1);
    }

    @Override
    public ParsedRecord map(ParsedRecord record) throws Exception {
        int n = SEEN.incrementAndGet();
        if (n % 5 == 0) {
            Thread.sleep(1);
        }
        if (n >= startAt && STARTED.compareAndSet(false, true)) {
            CountDownLatch latch = done;
            new Thread(
                            () -> {
                                try {
                                    ACTION.run();
                                } catch (Exception e) {
                                    FAILURE.set(e);
                                } finally {
                                    latch.countDown();
                                }
                            },
                            "slow-stream-action")
                    .start();
        }
        return record;
    }

    /** An action that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
