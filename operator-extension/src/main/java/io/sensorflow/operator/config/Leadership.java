package io.sensorflow.operator.config;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * How replicas compete for the controller's Lease: who this replica is and the Lease's timing.
 *
 * @param identity this replica's name in the Lease; unique per process, so that two controllers on
 *     one host (or two started in one test) never both believe they hold it
 * @param leaseDuration how long a stopped leader's Lease keeps others waiting
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often a standby tries to take the Lease
 */
public record Leadership(
        String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** Kubernetes' usual timing (that of kube-controller-manager), named after the pod. */
    public static Leadership fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("HOSTNAME", "").trim();
        return new Leadership(
                (host.isEmpty() ? "sensorflow-operator" : host) + "-" + shortId(),
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
