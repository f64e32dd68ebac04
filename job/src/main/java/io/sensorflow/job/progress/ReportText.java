package io.sensorflow.job.progress;

import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The text of progress lines and of the summary: plain lines of printable characters, each complete
 * in itself, that read well in a terminal and in a log alike. Every line starts with a word that
 * says which of the two it is, so that either is easy to pick out of the log.
 */
final class ReportText {
    private ReportText() {}

    /**
     * One progress line, for example {@code progress after 35.0 s: 1,250,000 readings read (41 % of
     * the file), 245,310/s, event time 2026-06-01T10:23:41Z, 12 dead letters}.
     *
     * @param fileBytes the source file's size, or -1 when the source is not a file
     * @param readingsPerSecond over the last interval
     */
    static String progress(
            Duration elapsed, JobCounters.Snapshot now, long fileBytes, double readingsPerSecond) {
        StringBuilder line = new StringBuilder();
        line.append("progress after ").append(clock(elapsed)).append(": ");
        line.append(counted(now.readings(), "reading")).append(" read");
        if (fileBytes > 0) {
            long percent = Math.min(100, Math.max(0, now.fileBytesRead()) * 100 / fileBytes);
            line.append(" (").append(percent).append(" % of the file)");
        }
        line.append(", ")
                .append(String.format(Locale.ROOT, "%,.0f", readingsPerSecond))
                .append("/s");
        line.append(", event time ")
                .append(
                        now.latestEventTime() == Long.MIN_VALUE
                                ? "none yet"
                                : Instant.ofEpochMilli(now.latestEventTime())
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString());
        line.append(", ").append(counted(now.deadLetterTotal(), "dead letter"));
        if (now.restarts() > 0) {
            // the counts then include what was read again after a restart
            line.append(", ").append(counted(now.restarts(), "restart"));
        }
        return line.toString();
    }

    /**
     * The summary of a run that has ended, one line per kind of output, for example
     *
     * <pre>
     * summary: 6,000,000 readings read in 1:13 (81,744 readings/s)
     * summary: dead letters 12 (malformed-json 5, missing-field 3, wrong-type 2, invalid-value 1, out-of-range 0, late 1)
     * summary: aggregates written 48,000
     * summary: alerts written 1,234 (FIRING 620, RESOLVED 614)
     * </pre>
     */
    static List<String> summary(Duration wallTime, JobCounters.Snapshot end) {
        double seconds = Math.max(wallTime.toMillis(), 1) / 1000.0;
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "summary: %s read in %s (%,.0f readings/s)",
                        counted(end.readings(), "reading"),
                        clock(wallTime),
                        end.readings() / seconds));
        lines.add(
                "summary: dead letters "
                        + count(end.deadLetterTotal())
                        + " ("
                        + byKey(end.deadLetters(), Rejection.Code::text)
                        + ")");
        lines.add("summary: aggregates written " + count(end.aggregates()));
        lines.add(
                "summary: alerts written "
                        + count(end.alertTotal())
                        + " ("
                        + byKey(end.alerts(), AlertStatus::name)
                        + ")");
        if (end.restarts() > 0) {
            lines.add(
                    "summary: the job restarted "
                            + end.restarts()
                            + (end.restarts() == 1 ? " time" : " times")
                            + " on the way; the counts include what was read and counted again"
                            + " after a restart, so they can exceed what the sinks committed");
        }
        return lines;
    }

    private static <K> String byKey(Map<K, Long> counts, Function<K, String> name) {
        return counts.entrySet().stream()
                .map(e -> name.apply(e.getKey()) + " " + count(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The count and the noun, plural unless the count is 1. */
    private static String counted(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Minutes and seconds, with hours when there are any, and tenths under a minute. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
