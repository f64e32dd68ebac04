package io.sensorflow.operator.crd;

import io.sensorflow.api.Durations;
import io.sensorflow.api.KubernetesNames;
import io.sensorflow.api.Topics;

/**
 * The syntax the CRD schema checks; the controller checks what a pattern cannot. Where the job
 * reads the same value, the pattern is the contract module's.
 */
public final class Patterns {
    private Patterns() {}

    /** A whole number and a unit, as the job reads it: 500ms, 30s, 10m, 1h, 1d. */
    public static final String DURATION = Durations.PATTERN;

    /** Kafka's legal topic characters and length ("." and ".." are refused by the controller). */
    public static final String TOPIC = Topics.PATTERN;

    /** Rule names. */
    public static final String RULE_NAME = KubernetesNames.DNS_LABEL;

    public static final String BOOTSTRAP_SERVERS =
            "^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*$";

    /** Kubernetes object names (a Secret's). */
    public static final String DNS_SUBDOMAIN = KubernetesNames.DNS_SUBDOMAIN;

    /** Flink memory sizes: a number and an optional unit (b, k, m, g, t with kb/mb/...). */
    public static final String MEMORY = "^[0-9]+(\\.[0-9]+)?\\s*([kKmMgGtT][bB]?|[bB])?$";
}
