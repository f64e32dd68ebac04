package io.sensorflow.operator.reconciler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the job reads them (500ms, 30s, 10m, 1h, 1d), for the checks the schema cannot do.
 */
final class SpecDurations {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|min|m|h|d)");

    private SpecDurations() {}

    /** The duration, or null when the text is not one. */
    static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return null;
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
}
