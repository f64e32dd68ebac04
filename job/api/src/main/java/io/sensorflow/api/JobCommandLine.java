package io.sensorflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job's command line: the option names the job parses and the controller writes into the
 * FlinkDeployment's job arguments, and a builder for the latter. The job declares its options with
 * these constants, so the two cannot drift apart.
 */
public final class JobCommandLine {
    public static final String HELP = "--help";
    public static final String PIPELINE = "--pipeline";
    public static final String SOURCE = "--source";
    public static final String SINK = "--sink";
    public static final String WINDOW_SIZE = "--window-size";
    public static final String MAX_OUT_OF_ORDERNESS = "--max-out-of-orderness";
    public static final String IDLE_TIMEOUT = "--idle-timeout";
    public static final String RULES = "--rules";
    public static final String RULES_CONFIGMAP = "--rules-configmap";
    public static final String KAFKA_BOOTSTRAP = "--kafka-bootstrap";
    public static final String TEMPERATURE_TOPIC = "--temperature-topic";
    public static final String HUMIDITY_TOPIC = "--humidity-topic";
    public static final String AVERAGES_TOPIC = "--averages-topic";
    public static final String ALERTS_TOPIC = "--alerts-topic";
    public static final String DEAD_LETTER_TOPIC = "--dead-letter-topic";
    public static final String CONSUMER_GROUP = "--consumer-group";
    public static final String DELIVERY_GUARANTEE = "--delivery-guarantee";
    public static final String KAFKA_PROPERTIES = "--kafka-properties";
    public static final String CHECKPOINT_INTERVAL = "--checkpoint-interval";
    public static final String SENSORS = "--sensors";
    public static final String RATE = "--rate";
    public static final String BACKFILL = "--backfill";
    public static final String PROGRESS = "--progress";
    public static final String PROGRESS_INTERVAL = "--progress-interval";
    public static final String PARALLELISM = "--parallelism";
    public static final String READ_STORE = "--read-store";
    public static final String READ_STORE_CREDENTIALS = "--read-store-credentials";

    /** Values of {@link #SOURCE} and {@link #SINK}. */
    public static final String KAFKA = "kafka";

    public static final String GENERATOR = "generator";
    public static final String STDOUT = "stdout";

    /** {@code file:PATH} as a source, {@code file:DIR} as a sink. */
    public static final String FILE_PREFIX = "file:";

    private JobCommandLine() {}

    /** The option that names the topic of this role ({@link Topics}), e.g. {@code deadLetter}. */
    public static String topicOption(String role) {
        return switch (role) {
            case "temperature" -> TEMPERATURE_TOPIC;
            case "humidity" -> HUMIDITY_TOPIC;
            case "averages" -> AVERAGES_TOPIC;
            case "alerts" -> ALERTS_TOPIC;
            case "deadLetter" -> DEAD_LETTER_TOPIC;
            default -> throw new IllegalArgumentException("no topic role " + role);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Arguments in the order they are added, each option with its value. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();

        private Builder() {}

        private Builder add(String option, String value) {
            args.add(option);
            args.add(value);
            return this;
        }

        public Builder pipeline(String name) {
            return add(PIPELINE, name);
        }

        public Builder source(String source) {
            return add(SOURCE, source);
        }

        public Builder sink(String sink) {
            return add(SINK, sink);
        }

        public Builder kafkaBootstrap(String servers) {
            return add(KAFKA_BOOTSTRAP, servers);
        }

        /** Each role's topic, roles as {@link Topics} names them. */
        public Builder topics(Map<String, String> byRole) {
            byRole.forEach((role, topic) -> add(topicOption(role), topic));
            return this;
        }

        public Builder consumerGroup(String group) {
            return add(CONSUMER_GROUP, group);
        }

        /** {@code EXACTLY_ONCE} or {@code AT_LEAST_ONCE}. */
        public Builder deliveryGuarantee(String guarantee) {
            return add(DELIVERY_GUARANTEE, guarantee);
        }

        public Builder checkpointInterval(String interval) {
            return add(CHECKPOINT_INTERVAL, interval);
        }

        public Builder windowSize(String size) {
            return add(WINDOW_SIZE, size);
        }

        public Builder maxOutOfOrderness(String bound) {
            return add(MAX_OUT_OF_ORDERNESS, bound);
        }

        public Builder idleTimeout(String timeout) {
            return add(IDLE_TIMEOUT, timeout);
        }

        /** The generator's burst of readings from the recent past, at its start. */
        public Builder backfill(String duration) {
            return add(BACKFILL, duration);
        }

        /** The rules as {@link RulesJson} writes them (a rule without threshold: null). */
        public Builder rules(List<Rule> rules) {
            return add(RULES, RulesJson.write(rules));
        }

        public Builder rulesConfigMap(String name) {
            return add(RULES_CONFIGMAP, name);
        }

        /** A properties file, or a directory of one file per property (a mounted Secret). */
        public Builder kafkaProperties(String path) {
            return add(KAFKA_PROPERTIES, path);
        }

        /** The read store's JDBC URL (see {@link ReadStores}). */
        public Builder readStore(String url) {
            return add(READ_STORE, url);
        }

        /** A properties file, or a mounted Secret's directory, with username and password. */
        public Builder readStoreCredentials(String path) {
            return add(READ_STORE_CREDENTIALS, path);
        }

        public List<String> build() {
            return List.copyOf(args);
        }
    }
}
