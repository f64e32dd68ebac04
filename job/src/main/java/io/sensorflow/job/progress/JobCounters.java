package io.sensorflow.job.progress;

import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    /** A metric of interest, with the task attempt that registered it. */
    private record Entry(String name, Map<String, String> variables, int attempt, Metric metric) {}

    private final String run = UUID.randomUUID().toString();

    /** By metric identifier and attempt: a restarted task registers its metrics again. */
    private final Map<String, Entry> metrics = new ConcurrentHashMap<>();

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

    /** The counters as they are now. */
    public Snapshot snapshot() {
        int latestAttempt = metrics.values().stream().mapToInt(Entry::attempt).max().orElse(0);
        long readings = 0;
        long aggregates = 0;
        long fileBytesRead = -1;
        long latestEventTime = Long.MIN_VALUE;
        Map<Rejection.Code, Long> deadLetters = new EnumMap<>(Rejection.Code.class);
        Map<AlertStatus, Long> alerts = new EnumMap<>(AlertStatus.class);
        for (Rejection.Code code : Rejection.Code.values()) {
            deadLetters.put(code, 0L);
        }
        for (AlertStatus status : AlertStatus.values()) {
            alerts.put(status, 0L);
        }
        for (Entry e : metrics.values()) {
            switch (e.name) {
                case "readingsIn" -> readings += count(e);
                case "aggregatesOut" -> aggregates += count(e);
                case "deadLettered" -> deadLetters.merge(reason(e), count(e), Long::sum);
                case "alertsOut" ->
                        alerts.merge(
                                AlertStatus.valueOf(e.variables.get("<status>")),
                                count(e),
                                Long::sum);
                // gauges: what the latest attempt reached (a restarted task starts again)
                case "fileBytesRead" -> {
                    if (e.attempt == latestAttempt) {
                        fileBytesRead = Math.max(fileBytesRead, value(e));
                    }
                }
                case "latestEventTime" -> {
                    if (e.attempt == latestAttempt) {
                        latestEventTime = Math.max(latestEventTime, value(e));
                    }
                }
                default -> throw new IllegalStateException("not kept: " + e.name);
            }
        }
        return new Snapshot(
                readings,
                deadLetters,
                aggregates,
                alerts,
                fileBytesRead,
                latestEventTime,
                latestAttempt);
    }

    private static long count(Entry e) {
        return ((Counter) e.metric).getCount();
    }

    private static long value(Entry e) {
        return ((Gauge<?>) e.metric).getValue() instanceof Long l ? l : Long.MIN_VALUE;
    }

    private static Rejection.Code reason(Entry e) {
        String text = e.variables.get("<reason>");
        for (Rejection.Code code : Rejection.Code.values()) {
            if (code.text().equals(text)) {
                return code;
            }
        }
        throw new IllegalStateException("unknown dead-letter reason " + text);
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        boolean kept =
                switch (name) {
                    case "readingsIn", "aggregatesOut", "deadLettered", "alertsOut" ->
                            metric instanceof Counter;
                    case "fileBytesRead", "latestEventTime" -> metric instanceof Gauge;
                    default -> false;
                };
        if (kept) {
            Map<String, String> variables = Map.copyOf(group.getAllVariables());
            int attempt =
                    Integer.parseInt(
                            variables.getOrDefault(ScopeFormat.SCOPE_TASK_ATTEMPT_NUM, "0"));
            metrics.put(
                    group.getMetricIdentifier(name) + "#" + attempt,
                    new Entry(name, variables, attempt, metric));
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
