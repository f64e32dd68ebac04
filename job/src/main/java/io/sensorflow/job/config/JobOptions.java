package io.sensorflow.job.config;

import io.sensorflow.api.Durations;
import io.sensorflow.api.JobCommandLine;
import io.sensorflow.api.KubernetesNames;
import io.sensorflow.api.Pipelines;
import io.sensorflow.api.Problem;
import io.sensorflow.api.ReadStores;
import io.sensorflow.api.Rule;
import io.sensorflow.api.Rules;
import io.sensorflow.api.RulesJson;
import io.sensorflow.api.Topics;
import io.sensorflow.api.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The job's command line, which is also what the controller writes into the FlinkDeployment's job
 * arguments: option names, defaults and the checks shared with the controller come from the
 * contract module ({@code io.sensorflow.api}). Defaults are those of the SensorPipeline spec; the
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
            JobCommandLine.builder()
                    .source(JobCommandLine.GENERATOR)
                    .sink(JobCommandLine.STDOUT)
                    .windowSize("10s")
                    .maxOutOfOrderness("2s")
                    .idleTimeout("10s")
                    .checkpointInterval("10s")
                    .backfill("10s")
                    .build();

    /** The bounds of {@code --progress-interval}. */
    static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(100);

    static final Duration MAX_PROGRESS_INTERVAL = Duration.ofHours(1);

    /**
     * The bound of {@code --backfill}: periods of an hour at most, so up to two hours of readings
     * in one burst.
     */
    static final Duration MAX_BACKFILL = Duration.ofHours(1);

    @Spec CommandSpec spec;

    @Option(
            names = {"-h", JobCommandLine.HELP},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = JobCommandLine.PIPELINE,
            paramLabel = "NAME",
            defaultValue = Pipelines.DEFAULT_NAME,
            description =
                    "Pipeline name, used in alert ids, transactional ids and the consumer group"
                            + " (a DNS label). Default: ${DEFAULT-VALUE}.")
    String pipeline;

    @Option(
            names = JobCommandLine.SOURCE,
            paramLabel = "generator|file:PATH|kafka",
            defaultValue = JobCommandLine.GENERATOR,
            converter = SourceConverter.class,
            description =
                    "Where readings come from: simulated sensors, a file of JSON lines (bounded),"
                            + " or the Kafka topics. Default: ${DEFAULT-VALUE}.")
    Endpoint source;

    @Option(
            names = JobCommandLine.SINK,
            paramLabel = "stdout|file:DIR|kafka",
            defaultValue = JobCommandLine.STDOUT,
            converter = SinkConverter.class,
            description =
                    "Where averages, alerts and dead letters go; file:DIR writes averages.jsonl,"
                            + " alerts.jsonl and dead-letter.jsonl. Default: ${DEFAULT-VALUE}.")
    Endpoint sink;

    @Option(
            names = JobCommandLine.WINDOW_SIZE,
            paramLabel = "DURATION",
            defaultValue = Windows.DEFAULT_SIZE,
            converter = DurationConverter.class,
            description = "Tumbling window, event time, 1s..24h. Default: ${DEFAULT-VALUE}.")
    Duration windowSize;

    @Option(
            names = JobCommandLine.MAX_OUT_OF_ORDERNESS,
            paramLabel = "DURATION",
            defaultValue = Windows.DEFAULT_MAX_OUT_OF_ORDERNESS,
            converter = DurationConverter.class,
            description =
                    "How late a reading may arrive and still count; at most the window size."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration maxOutOfOrderness;

    @Option(
            names = JobCommandLine.IDLE_TIMEOUT,
            paramLabel = "DURATION",
            defaultValue = Windows.DEFAULT_IDLE_TIMEOUT,
            converter = DurationConverter.class,
            description =
                    "A source silent this long stops holding back event time; 0s never."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(
            names = JobCommandLine.RULES,
            paramLabel = "JSON",
            description =
                    "Alert rules, the JSON list of spec.alerting.rules. Default:"
                            + " [{\"name\":\"overheat\",\"metric\":\"temperature\","
                            + "\"above\":30.0,\"consecutiveWindows\":1}]")
    String rules;

    @Option(
            names = JobCommandLine.RULES_CONFIGMAP,
            paramLabel = "NAME",
            description =
                    "Take threshold values from this ConfigMap in the pod's namespace, at start"
                            + " and live; rules may then leave their values null.")
    String rulesConfigMap;

    @Option(
            names = JobCommandLine.KAFKA_BOOTSTRAP,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (kafka source and sink).")
    String kafkaBootstrap;

    @Option(
            names = JobCommandLine.TEMPERATURE_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = Topics.TEMPERATURE,
            description = "Default: ${DEFAULT-VALUE}.")
    String temperatureTopic;

    @Option(
            names = JobCommandLine.HUMIDITY_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = Topics.HUMIDITY,
            description = "Default: ${DEFAULT-VALUE}.")
    String humidityTopic;

    @Option(
            names = JobCommandLine.AVERAGES_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = Topics.AVERAGES,
            description = "Default: ${DEFAULT-VALUE}.")
    String averagesTopic;

    @Option(
            names = JobCommandLine.ALERTS_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = Topics.ALERTS,
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(
            names = JobCommandLine.DEAD_LETTER_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = Topics.DEAD_LETTER,
            description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Option(
            names = JobCommandLine.CONSUMER_GROUP,
            paramLabel = "GROUP",
            description = "Kafka consumer group. Default: sensorflow-<pipeline>.")
    String consumerGroup;

    @Option(
            names = JobCommandLine.DELIVERY_GUARANTEE,
            paramLabel = "EXACTLY_ONCE|AT_LEAST_ONCE",
            description =
                    "Kafka sink guarantee. Default: EXACTLY_ONCE when checkpointing is"
                            + " exactly-once.")
    DeliveryGuarantee deliveryGuarantee;

    @Option(
            names = JobCommandLine.KAFKA_PROPERTIES,
            paramLabel = "PATH",
            description =
                    "Extra Kafka client properties (security settings) from this Java properties"
                            + " file, or from this directory of one file per property (a mounted"
                            + " Secret); secrets never go on the command line.")
    String kafkaProperties;

    @Option(
            names = JobCommandLine.READ_STORE,
            paramLabel = "JDBC_URL",
            description =
                    "Also keep the read model in this PostgreSQL database"
                            + " (jdbc:postgresql://HOST:PORT/DB): the tables sensor_averages,"
                            + " sensor_latest, alerts_active and alert_history, created if absent.")
    String readStore;

    @Option(
            names = JobCommandLine.READ_STORE_CREDENTIALS,
            paramLabel = "PATH",
            description =
                    "The read store's user and password: a properties file with the keys username"
                            + " and password, or a directory with those two files (a mounted"
                            + " Secret).")
    String readStoreCredentials;

    @Option(
            names = JobCommandLine.CHECKPOINT_INTERVAL,
            paramLabel = "DURATION",
            defaultValue = Pipelines.DEFAULT_CHECKPOINT_INTERVAL,
            converter = DurationConverter.class,
            description = "Checkpoint every this long; 0s disables. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(
            names = JobCommandLine.SENSORS,
            paramLabel = "N",
            defaultValue = "8",
            description = "Generator: number of simulated sensors. Default: ${DEFAULT-VALUE}.")
    int sensors;

    @Option(
            names = JobCommandLine.RATE,
            paramLabel = "READINGS_PER_SECOND",
            defaultValue = "40",
            description = "Generator: readings per second, all sensors. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(
            names = JobCommandLine.BACKFILL,
            paramLabel = "DURATION",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description =
                    "Generator: first send, at once, the readings since the start of the last"
                            + " whole period of this length (aligned as windows are) that the"
                            + " watermark can close, so that a first window closes without"
                            + " waiting; at most 1h."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration backfill;

    @Option(
            names = JobCommandLine.PROGRESS,
            paramLabel = "on|off",
            converter = SwitchConverter.class,
            description =
                    "Print a progress line on stderr every --progress-interval while the job runs"
                            + " on its own embedded cluster (java -jar). Default: on for a file"
                            + " source, off otherwise.")
    Switch progress;

    @Option(
            names = JobCommandLine.PROGRESS_INTERVAL,
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Time between progress lines, 100ms..1h. Default: ${DEFAULT-VALUE}.")
    Duration progressInterval;

    @Option(
            names = JobCommandLine.PARALLELISM,
            paramLabel = "N",
            description = "Parallelism of the job. Default: the Flink configuration's.")
    Integer parallelism;

    private List<Rule> parsedRules;
    private Properties loadedKafkaProperties = new Properties();

    private ReadStoreSettings readStoreSettings;

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
        if (!Pipelines.isValidName(pipeline)) {
            fail(
                    JobCommandLine.PIPELINE,
                    "'"
                            + pipeline
                            + "' must be a DNS label: lower-case letters, digits and '-', at"
                            + " most 63");
        }
        for (Problem p : Windows.check(windowSize, maxOutOfOrderness)) {
            fail(
                    p.field().equals("size")
                            ? JobCommandLine.WINDOW_SIZE
                            : JobCommandLine.MAX_OUT_OF_ORDERNESS,
                    p.message());
        }
        try {
            parsedRules =
                    rules == null
                            ? List.of(Rules.DEFAULT)
                            : RulesJson.parse(rules, rulesConfigMap != null);
        } catch (IllegalArgumentException e) {
            fail(JobCommandLine.RULES, e.getMessage());
        }
        for (Problem p : Topics.check(topics())) {
            fail(JobCommandLine.topicOption(p.field()), p.message());
        }
        if (sensors < 1 || sensors > 1_000_000) {
            fail(JobCommandLine.SENSORS, sensors + " is outside 1..1000000");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            fail(JobCommandLine.RATE, "must be a positive number of readings per second");
        }
        if (backfill.compareTo(MAX_BACKFILL) > 0) {
            fail(JobCommandLine.BACKFILL, Durations.format(backfill) + " is longer than 1h");
        }
        if (!backfill.isZero() && source.kind() != Endpoint.Kind.GENERATOR) {
            fail(JobCommandLine.BACKFILL, "only means something with --source generator");
        }
        if (progressInterval.compareTo(MIN_PROGRESS_INTERVAL) < 0
                || progressInterval.compareTo(MAX_PROGRESS_INTERVAL) > 0) {
            fail(
                    JobCommandLine.PROGRESS_INTERVAL,
                    Durations.format(progressInterval) + " is outside 100ms .. 1h");
        }
        if (parallelism != null && (parallelism < 1 || parallelism > 32768)) {
            fail(JobCommandLine.PARALLELISM, parallelism + " is outside 1..32768");
        }
        boolean usesKafka =
                source.kind() == Endpoint.Kind.KAFKA || sink.kind() == Endpoint.Kind.KAFKA;
        if (usesKafka && (kafkaBootstrap == null || kafkaBootstrap.isBlank())) {
            fail(
                    source.kind() == Endpoint.Kind.KAFKA
                            ? JobCommandLine.SOURCE
                            : JobCommandLine.SINK,
                    "kafka needs " + JobCommandLine.KAFKA_BOOTSTRAP + " HOST:PORT");
        }
        if (consumerGroup != null && consumerGroup.isBlank()) {
            fail(JobCommandLine.CONSUMER_GROUP, "must not be empty");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && checkpointInterval.isZero()) {
            fail(
                    JobCommandLine.DELIVERY_GUARANTEE,
                    "EXACTLY_ONCE commits on checkpoints; it needs a "
                            + JobCommandLine.CHECKPOINT_INTERVAL
                            + " above 0s");
        }
        if (kafkaProperties != null) {
            try {
                loadedKafkaProperties = SecretFiles.load(Path.of(kafkaProperties));
            } catch (IOException | IllegalArgumentException e) {
                fail(
                        JobCommandLine.KAFKA_PROPERTIES,
                        "cannot read '" + kafkaProperties + "': " + e.getMessage());
            }
        }
        if (readStore != null) {
            ReadStores.checkUrl(readStore)
                    .ifPresent(
                            p ->
                                    fail(
                                            JobCommandLine.READ_STORE,
                                            "'" + readStore + "' " + p.message()));
            try {
                readStoreSettings =
                        ReadStoreSettings.of(
                                readStore,
                                readStoreCredentials == null
                                        ? null
                                        : Path.of(readStoreCredentials));
            } catch (IOException | IllegalArgumentException e) {
                fail(
                        JobCommandLine.READ_STORE_CREDENTIALS,
                        "cannot read '" + readStoreCredentials + "': " + e.getMessage());
            }
        } else if (readStoreCredentials != null) {
            fail(
                    JobCommandLine.READ_STORE_CREDENTIALS,
                    "only means something with " + JobCommandLine.READ_STORE);
        }
        if (rulesConfigMap != null && !KubernetesNames.isDnsSubdomain(rulesConfigMap)) {
            fail(
                    JobCommandLine.RULES_CONFIGMAP,
                    "'" + rulesConfigMap + "' is not a valid ConfigMap name");
        }
    }

    /** The topics by role, as the contract names the roles. */
    private Map<String, String> topics() {
        return Topics.byRole(
                temperatureTopic, humidityTopic, averagesTopic, alertsTopic, deadLetterTopic);
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

    /** The read store to keep the read model in, or null for none. */
    public ReadStoreSettings readStore() {
        return readStoreSettings;
    }

    /** How much of the recent past the generator sends at once when it starts. */
    public Duration backfill() {
        return backfill;
    }

    /** Whether progress lines are wanted: as asked, or else for a file replay. */
    public boolean progress() {
        return progress != null ? progress == Switch.ON : source.kind() == Endpoint.Kind.FILE;
    }

    public Duration progressInterval() {
        return progressInterval;
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
                consumerGroup != null ? consumerGroup : Pipelines.consumerGroup(pipeline),
                exactlyOnce,
                Pipelines.transactionalIdPrefix(pipeline),
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

    /** The values of an option that is on or off (picocli's own booleans are flags). */
    enum Switch {
        ON,
        OFF
    }

    static final class SwitchConverter implements ITypeConverter<Switch> {
        @Override
        public Switch convert(String value) {
            return switch (value) {
                case "on" -> Switch.ON;
                case "off" -> Switch.OFF;
                default -> throw new TypeConversionException("'" + value + "' is not on or off");
            };
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
