package io.sensorflow.job.source;

import io.sensorflow.api.Metric;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.GuavaRateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * A fleet of simulated sensors for the local demo and for load. Each sensor reports temperature and
 * humidity in turn, drifting slowly around its own baseline with a little noise, stamped with the
 * wall clock less up to 400 ms of transport delay (so readings arrive slightly out of order). Every
 * fourth sensor runs hot in alternating 30-second spells (about 32 °C, drier air) so that alerts
 * fire and resolve; sensors 1 and 5 alternate, so with five or more sensors one is always hot.
 * About one record in a thousand is cut off in transit, to show the dead-letter path.
 *
 * <p>Each record is a pure function of its index and the clock, so the source needs no state of its
 * own beyond the index that Flink's generator source checkpoints.
 *
 * <p>With a backfill, each reader first sends the recent past at once: the readings since the start
 * of the last whole period of the backfill's length that the watermark can close already, that is
 * which ended at least the watermark's lag ago (periods aligned as windows are, so with a backfill
 * of the window size the first window to close is a whole one, and closes at once), stamped as if
 * they had come at the steady rate. That window closes as soon as the job is up, instead of after
 * up to a window of waiting. Only a reader's first attempt backfills: after a restart that past is
 * behind the job's watermark, and backfilled readings would only be dead-lettered as late.
 *
 * <p>The simulator is also the source's {@link RateLimiterStrategy}, so that each reader's pace
 * knows when its backfill is done: Flink ships the source to a task as one serialized object graph,
 * and its generator source (as of Flink 1.20) makes each reader's pace and function from the two
 * fields that hold this one instance. That is not a documented contract: {@code
 * SensorSimulatorBackfillTest} runs it on a mini cluster, where a paced backfill would fail it.
 */
public class SensorSimulator implements GeneratorFunction<Long, ParsedRecord>, RateLimiterStrategy {

    static final long HOT_SPELL_MILLIS = 30_000;
    private static final long RAMP_MILLIS = 5_000;
    private static final long MAX_DELAY_MILLIS = 400;
    private static final int GLITCH_EVERY = 1000;
    private static final CompletionStage<Void> NOW = CompletableFuture.completedFuture(null);

    private final int sensors;
    private final double rate;
    private final Duration backfill;
    private final Duration watermarkLag;

    /** The backfill's records still to send, and the clock they are stamped by. */
    private transient long backfillLeft;

    private transient double backfillClock;

    /** The time between two of this reader's records at the steady rate. */
    private transient double millisPerRecord;

    /** Without a backfill, for records made outside a source. */
    public SensorSimulator(int sensors) {
        this(sensors, 1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param rate readings per second, of all readers together
     * @param backfill the length of the period whose readings each reader sends first, at once
     * @param watermarkLag how far the watermark stays behind the latest reading
     */
    public SensorSimulator(int sensors, double rate, Duration backfill, Duration watermarkLag) {
        if (sensors < 1) {
            throw new IllegalArgumentException("sensors must be at least 1");
        }
        this.sensors = sensors;
        this.rate = rate;
        this.backfill = backfill;
        this.watermarkLag = watermarkLag;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        millisPerRecord = 1000.0 * readerContext.currentParallelism() / rate;
        String attempt =
                readerContext
                        .metricGroup()
                        .getAllVariables()
                        .get(ScopeFormat.SCOPE_TASK_ATTEMPT_NUM); // unknown: no backfill
        long period = backfill.toMillis();
        if (period > 0 && "0".equals(attempt)) {
            long now = System.currentTimeMillis();
            // the last whole period that the backfill's newest readings close, even if delayed
            long closable = now - watermarkLag.toMillis() - MAX_DELAY_MILLIS;
            long from = Math.floorDiv(closable, period) * period - period;
            // from the period's start plus the largest transport delay, so none falls before it
            backfillClock = from + MAX_DELAY_MILLIS;
            backfillLeft = (long) ((now - backfillClock) / millisPerRecord);
        }
    }

    @Override
    public ParsedRecord map(Long index) {
        long now;
        if (backfillLeft > 0) {
            now = (long) backfillClock;
            backfillClock += millisPerRecord;
            backfillLeft--;
        } else {
            now = System.currentTimeMillis();
        }
        return ReadingParser.parseRecord(record(index, now));
    }

    /**
     * The pace of one of {@code parallelism} readers: its backfill at once, then its share of
     * {@code rate} readings per second.
     */
    @Override
    public RateLimiter createRateLimiter(int parallelism) {
        RateLimiter steady = new GuavaRateLimiter(rate / parallelism);
        return () -> backfillLeft > 0 ? NOW : steady.acquire();
    }

    /** The record with this index as generated at wall-clock time {@code now}. */
    RawRecord record(long index, long now) {
        int sensor = (int) ((index / 2) % sensors);
        Metric metric = index % 2 == 0 ? Metric.TEMPERATURE : Metric.HUMIDITY;
        long timestamp = now - (long) (unit(index, 1) * MAX_DELAY_MILLIS);
        double value =
                metric == Metric.TEMPERATURE
                        ? temperature(sensor, timestamp, index)
                        : humidity(sensor, timestamp, index);
        String payload =
                String.format(
                        Locale.ROOT,
                        "{\"sensorId\":\"%s\",\"type\":\"%s\",\"timestamp\":%d,\"value\":%.2f}",
                        sensorId(sensor),
                        metric.wireName(),
                        timestamp,
                        value);
        if (index % GLITCH_EVERY == GLITCH_EVERY - 1) {
            payload = payload.substring(0, payload.length() / 2);
        }
        return new RawRecord(payload, "generator", null);
    }

    static String sensorId(int sensor) {
        return String.format(Locale.ROOT, "sensor-%02d", sensor + 1);
    }

    double temperature(int sensor, long t, long index) {
        double normal =
                19.0
                        + 5.0 * unit(sensor, 2)
                        + 1.5 * Math.sin(2 * Math.PI * (t / 300_000.0 + unit(sensor, 3)));
        double hot = 32.5 + 1.5 * Math.sin(2 * Math.PI * (t / 120_000.0 + unit(sensor, 4)));
        double noise = 0.8 * (unit(index, 5) - 0.5);
        return normal + (hot - normal) * heat(sensor, t) + noise;
    }

    double humidity(int sensor, long t, long index) {
        double value =
                45.0
                        + 15.0 * unit(sensor, 6)
                        + 5.0 * Math.sin(2 * Math.PI * (t / 600_000.0 + unit(sensor, 7)))
                        - 12.0 * heat(sensor, t)
                        + 2.0 * (unit(index, 8) - 0.5);
        return Math.max(0.0, Math.min(100.0, value));
    }

    /** 0 for a normal sensor, 1 in a hot spell, a linear ramp between the two. */
    static double heat(int sensor, long t) {
        if (sensor % 4 != 0) {
            return 0.0;
        }
        long spell = Math.floorDiv(t, HOT_SPELL_MILLIS) + sensor / 4;
        if (Math.floorMod(spell, 2) != 0) {
            return 0.0;
        }
        long into = Math.floorMod(t, HOT_SPELL_MILLIS);
        long left = HOT_SPELL_MILLIS - into;
        return Math.min(1.0, Math.min(into, left) / (double) RAMP_MILLIS + 0.5);
    }

    /** A well-mixed pseudo-random number in [0, 1) from a key and a salt (SplitMix64). */
    static double unit(long key, long salt) {
        long z = key * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
