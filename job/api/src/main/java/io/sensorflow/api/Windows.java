package io.sensorflow.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The tumbling window and its event-time bounds: defaults and limits. */
public final class Windows {
    public static final String DEFAULT_SIZE = "10m";
    public static final String DEFAULT_MAX_OUT_OF_ORDERNESS = "30s";
    public static final String DEFAULT_IDLE_TIMEOUT = "1m";

    /** The bounds of the window size: 1s .. 24h. */
    private static final Duration MIN_SIZE = Duration.ofSeconds(1);

    private static final Duration MAX_SIZE = Duration.ofHours(24);

    private Windows() {}

    /**
     * What is wrong with a window of this size and out-of-orderness, at {@code size} or {@code
     * maxOutOfOrderness}.
     */
    public static List<Problem> check(Duration size, Duration maxOutOfOrderness) {
        List<Problem> problems = new ArrayList<>();
        if (size.compareTo(MIN_SIZE) < 0 || size.compareTo(MAX_SIZE) > 0) {
            problems.add(new Problem("size", Durations.format(size) + " is outside 1s .. 24h"));
        }
        if (maxOutOfOrderness.compareTo(size) > 0) {
            problems.add(
                    new Problem(
                            "maxOutOfOrderness",
                            Durations.format(maxOutOfOrderness)
                                    + " is longer than the window ("
                                    + Durations.format(size)
                                    + "); make it at most the window size"));
        }
        return problems;
    }
}
