package io.sensorflow.job.config;

import io.sensorflow.job.alerting.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The job's command line (DESIGN.md, "Job command line"), which is also what the controller writes
 * into the FlinkDeployment's job arguments. Defaults are those of the SensorPipeline spec; the
 * source and sink default to the generator and stdout so that a bare run shows something.
 */
@Command(
        name = "sensorflow-job",
        sortOptions = false,
        abbreviateSynopsis = true,
        usageHelpAutoWidth = true,
        description = {
            "Sensor analytics on Flink: readings become the tables temperature_readings and"
                    + " humidity_readings, a tumbling window averages them per sensor, and CEP"
                    + " rules turn the averages into alerts.",
            "With no arguments at all it runs the local demo: "
                    + "simulated sensors, 10 s windows, results on stdout."
        })
public class JobOptions {

    /** The arguments of the local demo, used when the job is started with none. */
    public static final List<String> DEMO_ARGS =
            List.of(
                    "--source", "generator",
                    "--sink", "stdout",
                    "--window-size", "10s",
                    "--max-out-of-orderness", "2s",
                    "--idle-timeout", "10s",
                    "--checkpoint-interval", "10s");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** A Kubernetes object name (DNS subdomain). */
    private static final Pattern CONFIGMAP_NAME =
            Pattern.compile(
                    "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private static final Duration MAX_WINDOW = Duration.ofHours(24);

    /** The default rule set of the SensorPipeline spec. */
    public static final String DEFAULT_RULES =
            "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30.0,"
                    + "\"consecutiveWindows\":1}]";

    @Spec CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--pipeline",
            paramLabel = "NAME",
            defaultValue = "local",
            description =
                    "Pipeline name, used in alert ids, transactional ids and the consumer group"
                            + " (a DNS label). Default: ${DEFAULT-VALUE}.")
    String pipeline;

    @Option(
            names = "--source",
            paramLabel = "generator|file:PATH|kafka",
            defaultValue = "generator",
            converter = SourceConverter.class,
            description =
                    "Where readings come from: simulated sensors, a file of JSON lines (bounded),"
                            + " or the Kafka topics. Default: ${DEFAULT-VALUE}.")
    Endpoint source;

    @Option(
            names = "--sink",
            paramLabel = "stdout|file:DIR|kafka",
            defaultValue = "stdout",
            converter = SinkConverter.class,
            description =
                    "Where averages, alerts and dead letters go; file:DIR writes averages.jsonl,"
                            + " alerts.jsonl and dead-letter.jsonl. Default: ${DEFAULT-VALUE}.")
    Endpoint sink;

    @Option(
            names = "--window-size",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Tumbling window, event time, 1s..24h. Default: ${DEFAULT-VALUE}.")
    Duration windowSize;

    @Option(
            names = "--max-out-of-orderness",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "How late a reading may arrive and still count; at most the window size."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration maxOutOfOrderness;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "1m",
            converter = DurationConverter.class,
            description =
                    "A source silent this long stops holding back event time; 0s never."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(
            names = "--rules",
            paramLabel = "JSON",
            defaultValue = DEFAULT_RULES,
            description =
                    "Alert rules, the JSON list of spec.alerting.rules. Default: ${DEFAULT-VALUE}")
    String rules;

    @Option(
            names = "--rules-configmap",
            paramLabel = "NAME",
            description =
                    "Take threshold values from this ConfigMap in the pod's namespace, at start"
                            + " and live; rules may then leave their values null.")
    String rulesConfigMap;

    @Option(
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (kafka source and sink).")
    String kafkaBootstrap;

    @Option(
            names = "--temperature-topic",
            paramLabel = "TOPIC",
            defaultValue = "sensors.temperature",
            description = "Default: ${DEFAULT-VALUE}.")
    String temperatureTopic;

    @Option(
            names = "--humidity-topic",
            paramLabel = "TOPIC",
            defaultValue = "sensors.humidity",
            description = "Default: ${DEFAULT-VALUE}.")
    String humidityTopic;

    @Option(
            names = "--averages-topic",
            paramLabel = "TOPIC",
            defaultValue = "sensors.averages",
            description = "Default: ${DEFAULT-VALUE}.")
    String averagesTopic;

    @Option(
            names = "--alerts-topic",
            paramLabel = "TOPIC",
            defaultValue = "sensors.alerts",
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = "sensors.dead-letter",
            description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Option(
            names = "--consumer-group",
            paramLabel = "GROUP",
            description = "Kafka consumer group. Default: sensorflow-<pipeline>.")
    String consumerGroup;

    @Option(
            names = "--delivery-guarantee",
            paramLabel = "EXACTLY_ONCE|AT_LEAST_ONCE",
            description =
                    "Kafka sink guarantee. Default: EXACTLY_ONCE when checkpointing is"
                            + " exactly-once.")
    DeliveryGuarantee deliveryGuarantee;

    @Option(
            names = "--kafka-properties",
            paramLabel = "PATH",
            description =
                    "Extra Kafka client properties (security settings) from this Java properties"
                            + " file, or from this directory of one file per property (a mounted"
                            + " Secret); secrets never go on the command line.")
    String kafkaProperties;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Checkpoint every this long; 0s disables. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(
            names = "--sensors",
            paramLabel = "N",
            defaultValue = "8",
            description = "Generator: number of simulated sensors. Default: ${DEFAULT-VALUE}.")
    int sensors;

    @Option(
            names = "--rate",
            paramLabel = "READINGS_PER_SECOND",
            defaultValue = "40",
            description = "Generator: readings per second, all sensors. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the job. Default: the Flink configuration's.")
    Integer parallelism;

    private List<Rule> parsedRules;
    private Properties loadedKafkaProperties = new Properties();

    /** The Kafka sink's delivery guarantees. */
    public enum DeliveryGuarantee {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    /**
     * Checks what single options cannot check alone. Throws a {@link ParameterException} naming the
     * option and the fix.
     */
    void validate() {
        if (!DNS_LABEL.matcher(pipeline).matches()) {
            fail(
                    "--pipeline",
                    "'"
                            + pipeline
                            + "' must be a DNS label: lower-case letters, digits and '-', at"
                            + " most 63");
        }
        if (windowSize.compareTo(MIN_WINDOW) < 0 || windowSize.compareTo(MAX_WINDOW) > 0) {
            fail("--window-size", Durations.format(windowSize) + " is outside 1s..24h");
        }
        if (maxOutOfOrderness.compareTo(windowSize) > 0) {
            fail(
                    "--max-out-of-orderness",
                    Durations.format(maxOutOfOrderness)
                            + " is longer than the window ("
                            + Durations.format(windowSize)
                            + ")");
        }
        try {
            parsedRules = RulesParser.parse(rules, rulesConfigMap != null);
        } catch (IllegalArgumentException e) {
            fail("--rules", e.getMessage());
        }
        for (String[] topic :
                new String[][] {
                    {"--temperature-topic", temperatureTopic},
                    {"--humidity-topic", humidityTopic},
                    {"--averages-topic", averagesTopic},
                    {"--alerts-topic", alertsTopic},
                    {"--dead-letter-topic", deadLetterTopic}
                }) {
            if (!TOPIC.matcher(topic[1]).matches()
                    || ".".equals(topic[1])
                    || "..".equals(topic[1])) {
                fail(topic[0], "'" + topic[1] + "' is not a valid Kafka topic name");
            }
        }
        if (sensors < 1 || sensors > 1_000_000) {
            fail("--sensors", sensors + " is outside 1..1000000");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            fail("--rate", "must be a positive number of readings per second");
        }
        if (parallelism != null && (parallelism < 1 || parallelism > 32768)) {
            fail("--parallelism", parallelism + " is outside 1..32768");
        }
        boolean usesKafka =
                source.kind() == Endpoint.Kind.KAFKA || sink.kind() == Endpoint.Kind.KAFKA;
        if (usesKafka && (kafkaBootstrap == null || kafkaBootstrap.isBlank())) {
            fail(
                    source.kind() == Endpoint.Kind.KAFKA ? "--source" : "--sink",
                    "kafka needs --kafka-bootstrap HOST:PORT");
        }
        if (consumerGroup != null && consumerGroup.isBlank()) {
            fail("--consumer-group", "must not be empty");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && checkpointInterval.isZero()) {
            fail(
                    "--delivery-guarantee",
                    "EXACTLY_ONCE commits on checkpoints; it needs a --checkpoint-interval above 0s");
        }
        if (kafkaProperties != null) {
            try {
                loadedKafkaProperties = KafkaSettings.loadProperties(Path.of(kafkaProperties));
            } catch (IOException | IllegalArgumentException e) {
                fail(
                        "--kafka-properties",
                        "cannot read '" + kafkaProperties + "': " + e.getMessage());
            }
        }
        if (rulesConfigMap != null && !CONFIGMAP_NAME.matcher(rulesConfigMap).matches()) {
            fail("--rules-configmap", "'" + rulesConfigMap + "' is not a valid ConfigMap name");
        }
    }

    private void fail(String option, String message) {
        throw new ParameterException(
                spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }

    public PipelineSettings settings() {
        return new PipelineSettings(
                pipeline, windowSize, maxOutOfOrderness, idleTimeout, parsedRules);
    }

    /** The ConfigMap to take threshold values from, or null for the command line's. */
    public String rulesConfigMap() {
        return rulesConfigMap;
    }

    public Endpoint source() {
        return source;
    }

    public Endpoint sink() {
        return sink;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public int sensors() {
        return sensors;
    }

    public double rate() {
        return rate;
    }

    public Integer parallelism() {
        return parallelism;
    }

    public boolean helpRequested() {
        return help;
    }

    public String pipeline() {
        return pipeline;
    }

    /**
     * Where and how to use Kafka.
     *
     * @param exactlyOnceCheckpoints whether checkpoints are on and exactly-once: the default of the
     *     delivery guarantee
     */
    public KafkaSettings kafka(boolean exactlyOnceCheckpoints) {
        boolean exactlyOnce =
                deliveryGuarantee != null
                        ? deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                        : exactlyOnceCheckpoints;
        return new KafkaSettings(
                kafkaBootstrap,
                temperatureTopic,
                humidityTopic,
                averagesTopic,
                alertsTopic,
                deadLetterTopic,
                consumerGroup != null ? consumerGroup : "sensorflow-" + pipeline,
                exactlyOnce,
                "sensorflow-" + pipeline,
                loadedKafkaProperties);
    }

    /** Parses and validates; on a mistake the exception's message names the option. */
    public static JobOptions parse(String... args) {
        JobOptions options = new JobOptions();
        new CommandLine(options).parseArgs(args);
        if (!options.help) {
            options.validate();
        }
        return options;
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SourceConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            try {
                return Endpoint.source(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SinkConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            try {
                return Endpoint.sink(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
