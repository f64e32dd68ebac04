package io.sensorflow.job;

import io.sensorflow.api.Durations;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Pipelines;
import io.sensorflow.api.Rule;
import io.sensorflow.job.alerting.ThresholdEvaluator;
import io.sensorflow.job.alerting.ThresholdSet;
import io.sensorflow.job.config.Endpoint;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.progress.RunReport;
import io.sensorflow.job.sink.KafkaOutputs;
import io.sensorflow.job.sink.OutputSinks;
import io.sensorflow.job.sink.readstore.ReadStoreSchema;
import io.sensorflow.job.sink.readstore.ReadStoreSink;
import io.sensorflow.job.source.ReadingSources;
import io.sensorflow.job.source.thresholds.ConfigMapThresholdSource;
import io.sensorflow.job.source.thresholds.NoEventTime;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The entry point, for the Flink Kubernetes Operator (application mode) and for {@code java -jar}
 * on a laptop alike: it reads the command line, builds the dataflow and runs it.
 */
public final class SensorFlowJob {
    /** Exit status for a bad command line, as for any Unix tool's usage error. */
    public static final int USAGE_ERROR = 2;

    /** Exit status when the job cannot start for a reason outside its command line. */
    public static final int FAILURE = 1;

    /** How long the job waits at start for a read store that cannot be reached yet. */
    static final Duration READ_STORE_PATIENCE = Duration.ofSeconds(60);

    /** The default maximum parallelism: the key groups of all keyed state. */
    static final int DEFAULT_MAX_PARALLELISM = Pipelines.MAX_PARALLELISM;

    private SensorFlowJob() {}

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            // Only when it could not start: a normal return lets application mode finish cleanly.
            System.exit(status);
        }
    }

    /**
     * Runs the job to its end; returns the exit status: 0, 2 for a bad command line, 1 for a read
     * store that cannot take the job's writes.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, out, err, new Configuration(), UnaryOperator.identity());
    }

    /**
     * {@link #run(String[], PrintStream, PrintStream)} with the configuration of the embedded
     * cluster it starts (when it starts one), and a step between the sources and the pipeline:
     * where the tests set a restart strategy and inject a task failure into the job as it otherwise
     * runs.
     */
    static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            Configuration embeddedCluster,
            UnaryOperator<DataStream<ParsedRecord>> afterSources)
            throws Exception {
        long started = System.nanoTime();
        boolean demo = args.length == 0;
        String[] effective = demo ? JobOptions.DEMO_ARGS.toArray(new String[0]) : args;
        JobOptions options;
        try {
            options = JobOptions.parse(effective);
        } catch (ParameterException e) {
            err.println("sensorflow-job: " + e.getMessage() + " (see --help)");
            return USAGE_ERROR;
        }
        if (options.helpRequested()) {
            new CommandLine(new JobOptions()).usage(new PrintWriter(out, true));
            return 0;
        }
        if (demo) {
            demoIntro(options).forEach(err::println);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Only on its own embedded cluster can the job read its counters as it runs; on a Flink
        // cluster (application mode, or a test's shared mini cluster) they are the cluster's.
        try (RunReport report =
                env instanceof LocalStreamEnvironment
                        ? RunReport.of(options, err, started)
                        : null) {
            if (report != null) {
                env =
                        StreamExecutionEnvironment.createLocalEnvironment(
                                report.configure(new Configuration(embeddedCluster)));
                report.start(); // planning the job takes seconds already
            }
            try {
                build(env, options, afterSources);
            } catch (ReadStoreSchema.Unusable e) {
                err.println("sensorflow-job: " + e.getMessage());
                return FAILURE;
            }
            env.execute("sensorflow-" + options.pipeline());
            if (report != null) {
                report.finished();
            }
        }
        return 0;
    }

    /**
     * What the demo tells its user first, on stderr where the logs go (records go to stdout): what
     * it runs, when to expect output, and how to stop it. The alerts follow from the simulator,
     * where sensors 1 and 5 take turns running hot, 30 s each, above the default rule's 30 °C.
     */
    static List<String> demoIntro(JobOptions demo) {
        String window = Durations.format(demo.settings().windowSize());
        Rule rule = demo.settings().rules().get(0);
        return List.of(
                String.format(
                        Locale.ROOT,
                        "SensorFlow demo: %d simulated sensors, %.0f readings/s, averages per sensor"
                                + " over %s windows, an alert when the %s is %s %s. Records go to"
                                + " stdout, logs to stderr; --help lists the options.",
                        demo.sensors(),
                        demo.rate(),
                        window,
                        rule.metric().wireName(),
                        rule.direction().wireName(),
                        Metric.plain(rule.threshold())),
                "The sensors begin with their readings since the start of the last whole "
                        + window
                        + " window, sent at once, so the first averages come as soon as the job is up"
                        + " (about 10 s), then every "
                        + window
                        + ".",
                "sensor-01 and sensor-05 take turns running hot, 30 s each: expect a FIRING alert"
                        + " with the first averages, then a RESOLVED and a new FIRING every 30 s.",
                "Stop it with Ctrl-C.");
    }

    /** Configures the environment and adds the whole job to it. */
    public static void build(StreamExecutionEnvironment env, JobOptions options) {
        build(env, options, UnaryOperator.identity());
    }

    /**
     * Threshold sets: live from the ConfigMap that --rules-configmap names (one reader, watching),
     * or else just the values given with the rules.
     */
    static DataStream<ThresholdSet> thresholds(StreamExecutionEnvironment env, JobOptions options) {
        if (options.rulesConfigMap() != null) {
            return env.fromSource(
                            ConfigMapThresholdSource.of(
                                    options.rulesConfigMap(),
                                    Rule.shapes(options.settings().rules())),
                            NoEventTime.strategy(),
                            "thresholds from ConfigMap " + options.rulesConfigMap(),
                            TypeInformation.of(ThresholdSet.class))
                    .setParallelism(1)
                    .uid("thresholds-configmap");
        }
        ThresholdSet fromCommandLine = ThresholdEvaluator.initialSet(options.settings().rules());
        return env.fromData(TypeInformation.of(ThresholdSet.class), fromCommandLine)
                .name("thresholds from --rules")
                .uid("thresholds-command-line");
    }

    /**
     * Configures the environment and adds the whole job to it, with a step between the sources and
     * the pipeline: where the tests inject a task failure into the job exactly as it otherwise
     * runs.
     */
    public static void build(
            StreamExecutionEnvironment env,
            JobOptions options,
            UnaryOperator<DataStream<ParsedRecord>> afterSources) {
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        // Chained operators hand records on without a defensive copy each. Safe here: sources
        // make a new record for each input, and no function keeps or changes one it was given.
        env.getConfig().enableObjectReuse();
        if (env.getConfig().getMaxParallelism() <= 0) {
            // fixed, so that savepoints restore at any parallelism up to it
            env.setMaxParallelism(DEFAULT_MAX_PARALLELISM);
        }
        if (!options.checkpointInterval().isZero()) {
            env.enableCheckpointing(options.checkpointInterval().toMillis());
        }
        boolean exactlyOnceCheckpoints =
                env.getCheckpointConfig().isCheckpointingEnabled()
                        && env.getCheckpointConfig().getCheckpointingConsistencyMode()
                                == CheckpointingMode.EXACTLY_ONCE;
        KafkaSettings kafka = options.kafka(exactlyOnceCheckpoints);

        DataStream<ParsedRecord> records =
                afterSources.apply(
                        ReadingSources.create(
                                env,
                                options.source(),
                                options.settings(),
                                kafka,
                                options.sensors(),
                                options.rate(),
                                options.backfill()));
        DataStream<ThresholdSet> thresholds = thresholds(env, options);
        PipelineTopology.Outputs outputs =
                PipelineTopology.build(options.settings(), records, thresholds);
        if (options.sink().kind() == Endpoint.Kind.KAFKA) {
            KafkaOutputs.attach(kafka, outputs.averages(), outputs.alerts(), outputs.deadLetters());
        } else {
            OutputSinks.attach(
                    options.sink(), outputs.averages(), outputs.alerts(), outputs.deadLetters());
        }
        if (options.readStore() != null) {
            ReadStoreSchema.prepare(options.readStore(), READ_STORE_PATIENCE);
            ReadStoreSchema.forgetAlertsOfOtherRules(
                    options.readStore(), options.pipeline(), options.settings().rules());
            ReadStoreSink.attach(
                    StreamTableEnvironment.create(env),
                    options.pipeline(),
                    options.readStore(),
                    outputs.averages(),
                    outputs.alerts());
        }
    }
}
