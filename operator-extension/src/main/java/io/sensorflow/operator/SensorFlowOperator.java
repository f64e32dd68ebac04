package io.sensorflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorflow.operator.config.Leadership;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.PipelineCloner;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.monitoring.HttpEndpoints;
import io.sensorflow.operator.monitoring.PipelinePhases;
import io.sensorflow.operator.reconciler.SensorPipelineReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: the Java Operator SDK's operator with our reconciler, its leader
 * election, metrics and the HTTP endpoints, started and stopped together.
 */
public final class SensorFlowOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SensorFlowOperator.class);

    /** The Lease replicas compete for when leader election is on. */
    public static final String LEASE = "sensorflow-operator-leader";

    private final Operator operator;
    private final PrometheusMeterRegistry registry;
    private final HttpEndpoints http;
    private volatile boolean stopping;

    /** Whether this replica reconciles: always without leader election, else while leading. */
    private volatile boolean leading;

    private SensorFlowOperator(
            KubernetesClient client,
            OperatorSettings settings,
            Leadership leadership,
            Runnable onLeadershipLost) {
        leading = !settings.leaderElection();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        MicrometerMetrics reconcileMetrics =
                MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                        .notCollectingMetricsPerResource()
                        .build();
        operator =
                new Operator(
                        o -> {
                            // Server-side apply off everywhere, for the primary's status and for
                            // what it owns, so that what the tests run against fabric8's mock API
                            // server is what runs in a cluster.
                            o.withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withUseSSAToPatchPrimaryResource(false)
                                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                                    // no bookkeeping annotation on what we own
                                    .withPreviousAnnotationForDependentResources(false)
                                    .withResourceCloner(
                                            new PipelineCloner(client.getKubernetesSerialization()))
                                    .checkingCRDAndValidateLocalModel(false)
                                    .withMetrics(reconcileMetrics)
                                    // on stop, reconciliations in flight may finish (the SDK's
                                    // default interrupts them); within the pod's 30 s grace
                                    .withReconciliationTerminationTimeout(Duration.ofSeconds(20));
                            if (settings.leaderElection()) {
                                o.withLeaderElectionConfiguration(
                                        leaderElection(leadership, onLeadershipLost));
                            }
                        });
        RegisteredController<SensorPipeline> registered =
                operator.register(
                        new SensorPipelineReconciler(settings, Clock.systemUTC()),
                        c -> {
                            // a failing pipeline is retried with back-off for as long as it fails
                            c.withRetry(
                                    new GenericRetry()
                                            .setInitialInterval(Duration.ofSeconds(1))
                                            .setIntervalMultiplier(2)
                                            .setMaxInterval(Duration.ofMinutes(5).toMillis())
                                            .withoutMaxAttempts());
                            if (!settings.namespaces().isEmpty()) {
                                c.settingNamespaces(new HashSet<>(settings.namespaces()));
                            }
                        });
        // The SDK hands out its Controller as the registration; its primary cache is the one the
        // reconciler works from, which the per-phase gauges read.
        Controller<SensorPipeline> controller = (Controller<SensorPipeline>) registered;
        RuntimeInfo runtime = operator.getRuntimeInfo();
        // Only the replica that reconciles counts pipelines (a standby reports 0), so that a sum
        // over the replicas a ServiceMonitor scrapes is the number of pipelines.
        PipelinePhases.register(
                registry,
                () ->
                        runtime.isStarted() && leading
                                ? controller
                                        .getEventSourceManager()
                                        .getControllerEventSource()
                                        .list(p -> true)
                                : Stream.empty());
        // Serve the probes before the caches sync: a slow start is alive but not yet ready.
        http =
                HttpEndpoints.start(
                        settings.httpPort(),
                        () -> !runtime.isStarted() || runtime.allEventSourcesAreHealthy(),
                        () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy(),
                        registry::scrape);
    }

    /**
     * Starts the controller on this client. With leader election on, every replica fills its caches
     * but only the Lease holder reconciles; {@code onLeadershipLost} runs when a leader loses its
     * Lease while not stopping (the process should then exit and be restarted, as a controller that
     * stopped leading never leads again).
     */
    public static SensorFlowOperator start(
            KubernetesClient client,
            OperatorSettings settings,
            Leadership leadership,
            Runnable onLeadershipLost) {
        SensorFlowOperator running =
                new SensorFlowOperator(client, settings, leadership, onLeadershipLost);
        try {
            running.operator.start();
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        LOG.info(
                "Started: watching {}, leader election {}, HTTP endpoints on port {}",
                settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
                settings.leaderElection() ? "on as " + leadership.identity() : "off",
                running.http.port());
        return running;
    }

    private LeaderElectionConfiguration leaderElection(Leadership l, Runnable onLeadershipLost) {
        LeaderCallbacks callbacks =
                new LeaderCallbacks(
                        () -> {
                            leading = true;
                            LOG.info("Leading as {}", l.identity());
                        },
                        () -> {
                            leading = false;
                            if (!stopping) {
                                LOG.error("Lost the Lease {} as {}", LEASE, l.identity());
                                // on a thread of its own: an exit waits for the shutdown hook,
                                // which waits for the SDK's threads, this one among them
                                new Thread(onLeadershipLost, "leadership-lost").start();
                            }
                        },
                        leader -> LOG.info("Leader is now {}", leader));
        // The SDK would exit the JVM itself when leading stops, also during an orderly stop;
        // the callback above decides instead.
        return new LeaderElectionConfiguration(
                LEASE,
                null,
                l.leaseDuration(),
                l.renewDeadline(),
                l.retryPeriod(),
                l.identity(),
                callbacks,
                false);
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /**
     * Stops reconciling (reconciliations in flight get up to 20 s to finish), then stops serving.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            operator.stop();
        } finally {
            http.close();
            registry.close();
        }
    }
}
