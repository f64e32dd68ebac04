package io.sensorflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sensorflow.operator.config.Leadership;
import io.sensorflow.operator.config.OperatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's entry point: settings from the environment, the cluster the way every fabric8
 * client finds it (in-cluster service account, KUBECONFIG, ~/.kube/config). Stops in order on
 * SIGTERM.
 */
public final class Main {
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
        // only now: the logging set-up reads SENSORFLOW_LOG_LEVEL, checked above
        Logger log = LoggerFactory.getLogger(Main.class);
        KubernetesClient client = new KubernetesClientBuilder().build();
        SensorFlowOperator operator;
        try {
            operator =
                    SensorFlowOperator.start(
                            client,
                            settings,
                            Leadership.fromEnvironment(System.getenv()),
                            // a controller that stopped leading never leads again: start afresh
                            () -> System.exit(1));
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", e.getMessage(), e);
            client.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    log.info("Stopping");
                                    operator.close();
                                    client.close();
                                },
                                "stop controller"));
    }
}
