package io.sensorflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.reconciler.SensorPipelineReconciler;
import java.time.Clock;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's entry point: settings from the environment, the cluster the way every fabric8
 * client finds it (in-cluster service account, KUBECONFIG, ~/.kube/config).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** The Lease replicas compete for when leader election is on. */
    static final String LEASE = "sensorflow-operator-leader";

    private Main() {}

    public static void main(String[] args) {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sensorflow-operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        Operator operator = start(client, settings);
        Runtime.getRuntime().addShutdownHook(new Thread(operator::stop, "stop operator"));
        LOG.info(
                "Watching {} with default job image {}",
                settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
                settings.jobImage());
    }

    /**
     * Starts the controller on this client. Server-side apply is off everywhere, for the primary's
     * status and for what it owns, so that what the tests run against fabric8's mock API server is
     * what runs in a cluster.
     */
    public static Operator start(KubernetesClient client, OperatorSettings settings) {
        Operator operator =
                new Operator(
                        o -> {
                            o.withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withUseSSAToPatchPrimaryResource(false)
                                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                                    .checkingCRDAndValidateLocalModel(false);
                            if (settings.leaderElection()) {
                                o.withLeaderElectionConfiguration(
                                        new LeaderElectionConfiguration(LEASE));
                            }
                        });
        operator.register(
                new SensorPipelineReconciler(settings, Clock.systemUTC()),
                c -> {
                    if (!settings.namespaces().isEmpty()) {
                        c.settingNamespaces(new HashSet<>(settings.namespaces()));
                    }
                });
        operator.start();
        return operator;
    }
}
