package io.sensorflow.job.testing;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for tests on the mini cluster: it keeps every metric the job registers, even
 * after the job ends, so tests can read the job's own counters and gauges.
 */
public final class CollectingReporter implements MetricReporter {

    /** A registered metric with the scope variables of its group. */
    public record Registered(String name, Map<String, String> variables, Metric metric) {}

    private static final Map<String, Registered> METRICS = new ConcurrentHashMap<>();

    /** Adds this reporter to a mini cluster's configuration. */
    public static Configuration configure(Configuration config) {
        config.setString("metrics.reporter.collect.factory.class", Factory.class.getName());
        return config;
    }

    public static void clear() {
        METRICS.clear();
    }

    /** The sum of all counters of this name whose group matches. */
    public static long counterSum(String name, Predicate<Map<String, String>> where) {
        return METRICS.values().stream()
                .filter(r -> r.name.equals(name) && r.metric instanceof Counter)
                .filter(r -> where.test(r.variables))
                .mapToLong(r -> ((Counter) r.metric).getCount())
                .sum();
    }

    public static long counterSum(String name) {
        return counterSum(name, v -> true);
    }

    /** The current values of all gauges of this name. */
    public static java.util.List<Object> gaugeValues(String name) {
        return METRICS.values().stream()
                .filter(r -> r.name.equals(name) && r.metric instanceof Gauge)
                .map(r -> (Object) ((Gauge<?>) r.metric).getValue())
                .toList();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(
                group.getMetricIdentifier(name),
                new Registered(name, new java.util.HashMap<>(group.getAllVariables()), metric));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept on purpose: tests read the final values after the job has ended
    }

    /** Creates the reporter for Flink's metric system. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CollectingReporter();
        }
    }
}
