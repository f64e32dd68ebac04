package io.sensorflow.job.progress;

import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.MetricNames;
import io.sensorflow.job.model.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * The job's own counters, read live in the JVM that runs the job on its embedded mini cluster. It
 * is a Flink metric reporter: the mini cluster hands it every metric the job's operators register,
 * and it keeps those that progress reports need, also after their task has ended, so that the
 * totals can be read when the job is done.
 *
 * <p>Flink creates reporters itself, from a class name in the cluster's configuration; {@link
 * #configure} names a {@link Factory} and a key under which that factory finds this instance.
 */
public final class JobCounters implements MetricReporter {

    private static final String REPORTER = "metrics.reporter.sensorflow-progress.";
    private static final String RUN_KEY = "run";
    private static final Map<String, JobCounters> RUNS = new ConcurrentHashMap<>();

    /** Flink's own gauge of the job's restarts, on the JobManager. */
    private static final String RESTARTS =
            org.apache.flink.runtime.metrics.MetricNames.NUM_RESTARTS;

    /** The group variables of dead-letter and alert counters. */
    private static final String REASON = ScopeFormat.asVariable(MetricNames.REASON);

    private static final String STATUS = ScopeFormat.asVariable(MetricNames.STATUS);

    /**
     * A counter of interest, with what its group says, resolved once as it is registered: the
     * {@link Rejection.Code} of a dead-letter counter, the {@link AlertStatus} of an alert counter.
     */
    private record Counted(String name, Enum<?> kind, Counter counter) {}

    private record Gauged(String name, Gauge<?> gauge) {}

    private final String run = UUID.randomUUID().toString();

    /**
     * Counters by metric identifier and task attempt: a restarted task registers its counters anew,
     * from zero, and what the earlier attempt counted still counts.
     */
    private final Map<String, Counted> counters = new ConcurrentHashMap<>();

    /**
     * Gauges by metric identifier: a restarted task's gauge replaces the earlier attempt's, and a
     * task that is not restarted (restored as finished, or outside the failed region) keeps its
     * own.
     */
    private final Map<String, Gauged> gauges = new ConcurrentHashMap<>();

    /**
     * Adds this reporter to the configuration of the mini cluster about to run the job; {@link
     * #close()} takes it out of reach again.
     */
    public Configuration configure(Configuration config) {
        RUNS.put(run, this);
        config.setString(REPORTER + "factory.class", Factory.class.getName());
        config.setString(REPORTER + RUN_KEY, run);
        return config;
    }

    /** Whether the cluster has handed this reporter any of the job's counters yet. */
    public boolean anyRegistered() {
        return !counters.isEmpty();
    }

    /** The counters as they are now. */
    public Snapshot snapshot() {
        long readings = 0;
        long aggregates = 0;
        Map<Rejection.Code, Long> deadLetters = new EnumMap<>(Rejection.Code.class);
        Map<AlertStatus, Long> alerts = new EnumMap<>(AlertStatus.class);
        for (Rejection.Code code : Rejection.Code.values()) {
            deadLetters.put(code, 0L);
        }
        for (AlertStatus status : AlertStatus.values()) {
            alerts.put(status, 0L);
        }
        for (Counted c : counters.values()) {
            long n = c.counter.getCount();
            switch (c.name) {
                case MetricNames.READINGS_IN -> readings += n;
                case MetricNames.AGGREGATES_OUT -> aggregates += n;
                case MetricNames.DEAD_LETTERED -> {
                    if (c.kind instanceof Rejection.Code code) {
                        deadLetters.merge(code, n, Long::sum);
                    }
                }
                case MetricNames.ALERTS_OUT -> {
                    if (c.kind instanceof AlertStatus status) {
                        alerts.merge(status, n, Long::sum);
                    }
                }
                default -> {} // only the names above are kept
            }
        }
        return new Snapshot(
                readings,
                deadLetters,
                aggregates,
                alerts,
                gaugeMax(MetricNames.FILE_BYTES_READ, -1),
                gaugeMax(MetricNames.LATEST_EVENT_TIME, Long.MIN_VALUE),
                gaugeMax(RESTARTS, 0));
    }

    private long gaugeMax(String name, long none) {
        long max = none;
        for (Gauged g : gauges.values()) {
            if (g.name.equals(name) && g.gauge.getValue() instanceof Number n) {
                max = Math.max(max, n.longValue());
            }
        }
        return max;
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        switch (name) {
            case MetricNames.READINGS_IN, MetricNames.AGGREGATES_OUT ->
                    count(metric, name, null, group);
            case MetricNames.DEAD_LETTERED ->
                    count(
                            metric,
                            name,
                            find(Rejection.Code.values(), Rejection.Code::text, group, REASON),
                            group);
            case MetricNames.ALERTS_OUT ->
                    count(
                            metric,
                            name,
                            find(AlertStatus.values(), AlertStatus::name, group, STATUS),
                            group);
            case MetricNames.FILE_BYTES_READ, MetricNames.LATEST_EVENT_TIME, RESTARTS -> {
                if (metric instanceof Gauge<?> gauge) {
                    gauges.put(group.getMetricIdentifier(name), new Gauged(name, gauge));
                }
            }
            default -> {} // not read by the reports
        }
    }

    /** Keeps a counter by identifier and task attempt. */
    private void count(Metric metric, String name, Enum<?> kind, MetricGroup group) {
        if (metric instanceof Counter counter) {
            String attempt =
                    group.getAllVariables().getOrDefault(ScopeFormat.SCOPE_TASK_ATTEMPT_NUM, "0");
            counters.put(
                    group.getMetricIdentifier(name) + "#" + attempt,
                    new Counted(name, kind, counter));
        }
    }

    /** The constant whose name is the value of this group variable, or null. */
    private static <E extends Enum<E>> E find(
            E[] values, Function<E, String> nameOf, MetricGroup group, String variable) {
        String value = group.getAllVariables().get(variable);
        for (E e : values) {
            if (nameOf.apply(e).equals(value)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept: the totals are read when the job has ended
    }

    @Override
    public void open(MetricConfig config) {}

    /** Called by the mini cluster as it shuts down; the counters stay readable. */
    @Override
    public void close() {
        RUNS.remove(run);
    }

    /**
     * The job's counters at one moment.
     *
     * @param readings records read, dead letters included ({@code readingsIn})
     * @param fileBytesRead bytes of the source file read, -1 when not reading a file
     * @param latestEventTime the latest reading time seen, epoch millis; {@link Long#MIN_VALUE}
     *     before the first reading
     * @param restarts how many times the job restarted after a failure (Flink's {@code
     *     numRestarts})
     */
    public record Snapshot(
            long readings,
            Map<Rejection.Code, Long> deadLetters,
            long aggregates,
            Map<AlertStatus, Long> alerts,
            long fileBytesRead,
            long latestEventTime,
            long restarts) {

        public long deadLetterTotal() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }

        public long alertTotal() {
            return alerts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Creates the reporter for Flink: the instance that {@link #configure} left for the run. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            JobCounters counters = RUNS.get(properties.getProperty(RUN_KEY));
            if (counters == null) {
                throw new IllegalStateException(
                        "no run " + properties.getProperty(RUN_KEY) + " in this JVM");
            }
            return counters;
        }
    }
}
