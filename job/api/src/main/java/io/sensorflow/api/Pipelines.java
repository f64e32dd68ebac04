package io.sensorflow.api;

/** What follows from a pipeline's name, and the defaults that do not belong to another part. */
public final class Pipelines {
    /** The pipeline name of a job started without one. */
    public static final String DEFAULT_NAME = "local";

    public static final String DEFAULT_CHECKPOINT_INTERVAL = "30s";

    /**
     * The job's maximum parallelism (key groups of all keyed state), fixed so that a savepoint
     * restores at any parallelism up to it; a parallelism above it cannot run.
     */
    public static final int MAX_PARALLELISM = 128;

    private Pipelines() {}

    /** A pipeline's name is a DNS label: it appears in alert ids and Kafka ids. */
    public static boolean isValidName(String name) {
        return KubernetesNames.isDnsLabel(name);
    }

    /** The Kafka consumer group of a pipeline that names none. */
    public static String consumerGroup(String pipeline) {
        return "sensorflow-" + pipeline;
    }

    /** The prefix of the exactly-once sink's transactional ids; one per pipeline. */
    public static String transactionalIdPrefix(String pipeline) {
        return "sensorflow-" + pipeline;
    }
}
