package io.sensorflow.job.progress;

import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** A metric of interest, with the variables of its group. */
    private record Entry(String name, Map<String, String> variables, Metric metric) {}

    private final String run = UUID.randomUUID().toString();

    /**
     * Counters by metric identifier and task attempt: a restarted task registers its counters anew,
     * from zero, and what the earlier attempt counted still counts.
     */
    private final Map<String, Entry> counters = new ConcurrentHashMap<>();

    /**
     * Gauges by metric identifier: a restarted task's gauge replaces the earlier attempt's, and a
     * task that is not restarted (restored as finished, or outside the failed region) keeps its
     * own.
     */
    private final Map<String, Entry> gauges = new ConcurrentHashMap<>();

    private final AtomicInteger highestAttempt = new AtomicInteger();

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

    /** Whether the cluster has handed this reporter any of the job's metrics yet. */
    public boolean anyRegistered() {
        return !counters.isEmpty() || !gauges.isEmpty();
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
        for (Entry e : counters.values()) {
            long n = ((Counter) e.metric).getCount();
            switch (e.name) {
                case "readingsIn" -> readings += n;
                case "aggregatesOut" -> aggregates += n;
                case "deadLettered" -> {
                    Rejection.Code code = reason(e.variables.get("<reason>"));
                    if (code != null) {
                        deadLetters.merge(code, n, Long::sum);
                    }
                }
                case "alertsOut" -> {
                    AlertStatus status = status(e.variables.get("<status>"));
                    if (status != null) {
                        alerts.merge(status, n, Long::sum);
                    }
                }
                default -> {} // not registered: see notifyOfAddedMetric
            }
        }
        return new Snapshot(
                readings,
                deadLetters,
                aggregates,
                alerts,
                gaugeMax("fileBytesRead", -1),
                gaugeMax("latestEventTime", Long.MIN_VALUE),
                highestAttempt.get());
    }

    private long gaugeMax(String name, long none) {
        long max = none;
        for (Entry e : gauges.values()) {
            if (e.name.equals(name) && ((Gauge<?>) e.metric).getValue() instanceof Long l) {
                max = Math.max(max, l);
            }
        }
        return max;
    }

    private static Rejection.Code reason(String text) {
        for (Rejection.Code code : Rejection.Code.values()) {
            if (code.text().equals(text)) {
                return code;
            }
        }
        return null;
    }

    private static AlertStatus status(String name) {
        for (AlertStatus status : AlertStatus.values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return null;
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        boolean counter =
                metric instanceof Counter
                        && switch (name) {
                            case "readingsIn", "aggregatesOut", "deadLettered", "alertsOut" -> true;
                            default -> false;
                        };
        boolean gauge =
                metric instanceof Gauge
                        && (name.equals("fileBytesRead") || name.equals("latestEventTime"));
        if (!counter && !gauge) {
            return;
        }
        Map<String, String> variables = Map.copyOf(group.getAllVariables());
        String attempt = variables.getOrDefault(ScopeFormat.SCOPE_TASK_ATTEMPT_NUM, "0");
        highestAttempt.accumulateAndGet(Integer.parseInt(attempt), Math::max);
        Entry entry = new Entry(name, variables, metric);
        String id = group.getMetricIdentifier(name);
        if (counter) {
            counters.put(id + "#" + attempt, entry);
        } else {
            gauges.put(id, entry);
        }
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
     * @param restarts how many times the job's tasks were restarted (their highest attempt number)
     */
    public record Snapshot(
            long readings,
            Map<Rejection.Code, Long> deadLetters,
            long aggregates,
            Map<AlertStatus, Long> alerts,
            long fileBytesRead,
            long latestEventTime,
            int restarts) {

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
