package io.sensorflow.job.progress;

import io.sensorflow.job.config.Endpoint;
import io.sensorflow.job.config.JobOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run on the job's own embedded cluster tells its user on stderr: a progress line every
 * interval while it works (when asked, and by default for a file replay), and a summary when it has
 * ended, both from the job's own counters ({@link JobCounters}).
 */
public final class RunReport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    private final JobCounters counters = new JobCounters();
    private final PrintStream err;
    private final boolean progress;
    private final Duration interval;
    private final long fileBytes;
    private final long startNanos;

    private ScheduledExecutorService ticker;
    private long readingsBefore;
    private long nanosBefore;

    private RunReport(
            PrintStream err, boolean progress, Duration interval, long fileBytes, long startNanos) {
        this.err = err;
        this.progress = progress;
        this.interval = interval;
        this.fileBytes = fileBytes;
        this.startNanos = startNanos;
    }

    /**
     * @param startNanos when the run began ({@link System#nanoTime()}), what the wall time in the
     *     summary counts from
     */
    public static RunReport of(JobOptions options, PrintStream err, long startNanos) {
        return new RunReport(
                err,
                options.progress(),
                options.progressInterval(),
                fileSize(options.source()),
                startNanos);
    }

    /**
     * The size to measure a replay's progress against, or -1 when there is none: for a regular file
     * only, and not for one that Flink decompresses as it reads (by its extension), whose offsets
     * count the decompressed bytes.
     */
    private static long fileSize(Endpoint source) {
        if (source.kind() != Endpoint.Kind.FILE
                || !Files.isRegularFile(source.path())
                || StandardDeCompressors.getDecompressorForFileName(source.path().toString())
                        != null) {
            return -1;
        }
        try {
            return Files.size(source.path());
        } catch (IOException e) {
            return -1; // the share of the file is left out; the replay itself will say what failed
        }
    }

    /** Adds the counters' reporter to the configuration of the embedded cluster. */
    public Configuration configure(Configuration config) {
        return counters.configure(config);
    }

    /** Starts the progress lines, if they are wanted: the first one after one interval. */
    public void start() {
        if (!progress) {
            return;
        }
        nanosBefore = System.nanoTime();
        ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sensorflow-progress");
                            t.setDaemon(true);
                            return t;
                        });
        long millis = interval.toMillis();
        // with a fixed delay, not a fixed rate: a tick held up (a full pipe, a long pause) is not
        // made up for with lines in a burst
        ticker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            printProgress();
        } catch (RuntimeException e) {
            // a report must never stop the reports after it, nor the job
            LOG.warn("Could not print a progress line", e);
        }
    }

    private void printProgress() {
        JobCounters.Snapshot now = counters.snapshot();
        long nanos = System.nanoTime();
        double seconds = Math.max(nanos - nanosBefore, 1) / 1e9;
        double rate = (now.readings() - readingsBefore) / seconds;
        readingsBefore = now.readings();
        nanosBefore = nanos;
        err.println(ReportText.progress(since(startNanos), now, fileBytes, rate));
    }

    /** The job has ended normally: no more progress lines, and the summary. */
    public void finished() {
        stopProgress();
        if (!counters.anyRegistered()) {
            // rather than a summary of zeros that look like an empty input
            err.println(
                    "summary: not available, the job's counters could not be read (see the log)");
            return;
        }
        for (String line : ReportText.summary(since(startNanos), counters.snapshot())) {
            err.println(line);
        }
    }

    private void stopProgress() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            // a line being printed is finished before anything else is
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    @Override
    public void close() {
        stopProgress();
        counters.close();
    }
}
