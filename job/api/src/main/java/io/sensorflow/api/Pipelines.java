package io.sensorflow.api;

import java.util.regex.Pattern;

/** What follows from a pipeline's name, and the defaults that do not belong to another part. */
public final class Pipelines {
    /** The job's pipeline name is a DNS label: it appears in alert ids and Kafka ids. */
    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** The pipeline name of a job started without one. */
    public static final String DEFAULT_NAME = "local";

    public static final String DEFAULT_CHECKPOINT_INTERVAL = "30s";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    private Pipelines() {}

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
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
