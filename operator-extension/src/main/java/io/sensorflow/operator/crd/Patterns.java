package io.sensorflow.operator.crd;

/** The syntax the CRD schema checks; the controller checks what a pattern cannot. */
public final class Patterns {
    private Patterns() {}

    /** A whole number and a unit, as the job reads it: 500ms, 30s, 10m, 1h, 1d. */
    public static final String DURATION = "^[0-9]{1,9}(ms|s|min|m|h|d)$";

    /** Kafka's legal topic characters and length ("." and ".." are refused by the controller). */
    public static final String TOPIC = "^[a-zA-Z0-9._-]{1,249}$";

    public static final String BOOTSTRAP_SERVERS =
            "^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*$";

    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    public static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** Flink memory sizes: a number and an optional unit (b, k, m, g, t with kb/mb/...). */
    public static final String MEMORY = "^[0-9]+(\\.[0-9]+)?\\s*([kKmMgGtT][bB]?|[bB])?$";
}
