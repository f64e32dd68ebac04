package io.sensorflow.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as both the SensorPipeline resource and the job's command line write them: a whole
 * number and a unit, {@code 500ms}, {@code 30s}, {@code 10m} (or {@code 10min}), {@code 1h}, {@code
 * 1d}. A bare number is refused rather than guessed at.
 */
public final class Durations {
    /** The grammar, as a regular expression (the CRD schema checks it too). */
    public static final String PATTERN = "^([0-9]{1,9})(ms|s|min|m|h|d)$";

    private static final Pattern SYNTAX = Pattern.compile(PATTERN);

    private Durations() {}

    /** The duration this text names; an IllegalArgumentException says what is wrong. */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a duration: write a whole number and a unit, like 500ms,"
                            + " 30s, 10m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact spelling: 600000 ms is {@code 10m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
