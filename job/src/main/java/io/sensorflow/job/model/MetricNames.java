package io.sensorflow.job.model;

/**
 * The names of the job's own metrics, as the README lists them (Metrics): the operators register
 * them, and progress reports read them back.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Counter: records read, dead letters included. */
    public static final String READINGS_IN = "readingsIn";

    /** Counter, one per {@link #REASON} group: records dead-lettered. */
    public static final String DEAD_LETTERED = "deadLettered";

    /** The group of {@link #DEAD_LETTERED}, named by a {@link Rejection.Code#text()}. */
    public static final String REASON = "reason";

    /** Counter: aggregates out of the window query. */
    public static final String AGGREGATES_OUT = "aggregatesOut";

    /** Counter, one per {@link #STATUS} group: alerts emitted. */
    public static final String ALERTS_OUT = "alertsOut";

    /** The group of {@link #ALERTS_OUT}, named by an {@link AlertStatus}. */
    public static final String STATUS = "status";

    /** Gauge: the latest reading time seen, epoch millis. */
    public static final String LATEST_EVENT_TIME = "latestEventTime";

    /** Gauge: for a file source, the bytes of the file read; -1 otherwise. */
    public static final String FILE_BYTES_READ = "fileBytesRead";
}
