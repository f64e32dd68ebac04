package io.sensorflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sensorflow.api.Direction;
import io.sensorflow.api.JobCommandLine;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.FileReplay;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.MockApiServer;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.KafkaSpec;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.rules.ThresholdConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar on a real standalone Flink 1.20 cluster (JobManager and TaskManager processes),
 * submitted over REST with the arguments, parallelism and Flink configuration the controller writes
 * into a FlinkDeployment, reading and writing a real broker, taking its threshold values from the
 * ConfigMap the controller writes. Its committed output ({@code read_committed}) must equal a
 * failure-free file replay of the same readings, record for record: with no failure, after a
 * TaskManager process is killed, and after a stop with a savepoint and a resubmission at another
 * parallelism.
 */
class ClusterJarTest {
    static final String NS = "plant";
    static final String NAME = "greenhouse";
    static final int READINGS = 6000;

    /** A reading on every partition two hours on: every window of the readings closes. */
    static final long CLOCK = SimulatedReadings.START + 7_200_000;

    static final Path JAR = Path.of(System.getProperty("sensorflow.clusterJar"));
    static final Path LIB = Path.of(System.getProperty("sensorflow.flinkLib"));

    @TempDir static Path work;
    static KubernetesMockServer api;
    static FlinkCluster cluster;

    /** The client of the mock API server, which the tests write the thresholds ConfigMap with. */
    static KubernetesClient client;

    static String jarId;
    static List<String> lines;
    static FileReplay reference;

    @BeforeAll
    static void start() throws Exception {
        assertTheJarIsFresh();
        api = MockApiServer.crud();
        api.init();
        client = api.createClient().adapt(KubernetesClient.class);
        Path kubeconfig =
                MockApiServer.kubeconfig(
                        work.resolve("kubeconfig"), client.getMasterUrl().toString(), NS);
        cluster = FlinkCluster.start(LIB, kubeconfig);
        jarId = cluster.rest().upload(JAR);

        lines = SimulatedReadings.lines(8, READINGS);
        reference = FileReplay.of(lines, referenceArgs(pipeline()), work.resolve("reference"));
        assertThat(reference.averages()).hasSizeGreaterThan(100);
        assertThat(reference.alerts()).hasSizeGreaterThan(4);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.destroy();
        }
    }

    /** A test that failed half-way leaves no job holding the TaskManager's slots. */
    @AfterEach
    void cancelWhatIsLeft() throws Exception {
        for (String job : cluster.rest().unfinishedJobs()) {
            cluster.rest().cancelAndWait(job, Duration.ofSeconds(60));
        }
    }

    /**
     * The cluster jar is built at {@code package}: under {@code mvn test} the one in the job's
     * target directory may be an older build than the code under test.
     */
    static void assertTheJarIsFresh() throws IOException {
        assertThat(JAR).as("the cluster jar (mvn verify builds it)").exists();
        Path classes = JAR.resolveSibling("classes");
        try (var files = Files.walk(classes)) {
            long newest =
                    files.filter(Files::isRegularFile)
                            .mapToLong(f -> f.toFile().lastModified())
                            .max()
                            .orElse(0);
            assertThat(Files.getLastModifiedTime(JAR).toMillis())
                    .as("the cluster jar is older than the job's classes: run mvn verify")
                    .isGreaterThanOrEqualTo(newest);
        }
    }

    /** A job submitted to the cluster: its topics, id and the version of its thresholds. */
    record Run(PipelineTopics topics, String jobId, long rulesVersion) {}

    /**
     * The pipeline: two rules, ten-second windows, one-second checkpoints and RocksDB (the CRD's
     * default).
     */
    static SensorPipeline pipeline() {
        SensorPipeline p = new SensorPipeline();
        p.getMetadata().setName(NAME);
        p.getMetadata().setNamespace(NS);
        p.getMetadata().setGeneration(1L);
        SensorPipelineSpec s = new SensorPipelineSpec();
        s.kafka = new KafkaSpec();
        s.window.size = "10s";
        // larger than the simulator's transport delays: no reading is late, whatever the timing
        s.window.maxOutOfOrderness = "2s";
        // The readings are sent once the job has its thresholds, a few seconds after its sources
        // started: no partition may count as idle by then, or the first readings of another
        // partition would come in behind its watermark, late. After a restart, a partition
        // read to its end stays silent and holds the watermark back for this long.
        s.window.idleTimeout = "20s";
        s.checkpointing.interval = "1s";
        s.alerting.rules =
                new ArrayList<>(
                        List.of(
                                RuleSpec.of(
                                        new Rule(
                                                "overheat",
                                                Metric.TEMPERATURE,
                                                Direction.ABOVE,
                                                30.0,
                                                2)),
                                RuleSpec.of(
                                        new Rule(
                                                "dry",
                                                Metric.HUMIDITY,
                                                Direction.BELOW,
                                                40.0,
                                                1))));
        p.setSpec(s);
        return p;
    }

    /** The same pipeline as a file replay's command line, thresholds given with the rules. */
    static List<String> referenceArgs(SensorPipeline p) {
        SensorPipelineSpec s = p.getSpec();
        return JobCommandLine.builder()
                .pipeline(p.getMetadata().getName())
                .windowSize(s.window.size)
                .maxOutOfOrderness(s.window.maxOutOfOrderness)
                .idleTimeout(s.window.idleTimeout)
                .rules(s.alerting.toRules())
                .build();
    }

    /**
     * The pipeline on fresh topics (or these), its ConfigMap on the API server, the job submitted;
     * returns once the job has applied the ConfigMap's thresholds, so that no reading meets rules
     * without values.
     */
    static Run submit(int parallelism, String savepoint, PipelineTopics reuse) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics t = reuse != null ? reuse : PipelineTopics.create(kafka);
        SensorPipeline p = pipeline();
        p.getSpec().parallelism = parallelism;
        KafkaSpec k = p.getSpec().kafka;
        k.bootstrapServers = kafka.bootstrapServers();
        k.topics.temperature = t.temperature();
        k.topics.humidity = t.humidity();
        k.topics.averages = t.averages();
        k.topics.alerts = t.alerts();
        k.topics.deadLetter = t.deadLetter();
        FlinkDeployment fd =
                new FlinkDeploymentFactory(
                                new OperatorSettings(
                                        List.of(),
                                        OperatorSettings.DEFAULT_JOB_IMAGE,
                                        work.resolve("state").toUri().toString(),
                                        false,
                                        0))
                        .desired(p);
        ConfigMap thresholds = ThresholdConfigMap.desired(p, null);
        long rulesVersion = ThresholdConfigMap.published(thresholds).version();
        client.resource(thresholds).createOr(r -> r.update());
        String applied = "Thresholds v" + rulesVersion + " applied in subtask";
        long appliedBefore = cluster.taskManagerLogLines(applied);
        String jobId =
                cluster.rest()
                        .run(
                                jarId,
                                fd.getSpec().getJob().getEntryClass(),
                                List.of(fd.getSpec().getJob().getArgs()),
                                fd.getSpec().getJob().getParallelism(),
                                fd.getSpec().getFlinkConfiguration(),
                                savepoint);
        cluster.rest().awaitState(jobId, "RUNNING", Duration.ofSeconds(60));
        if (savepoint == null) {
            // each poll reads the TaskManagers' logs through
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    cluster.taskManagerLogLines(applied) - appliedBefore
                                            >= parallelism);
        }
        return new Run(t, jobId, rulesVersion);
    }

    @Test
    @Timeout(300)
    void theClusterJarReplaysExactlyOnceThroughKafkaAndNothingInItShadowsLib() throws Exception {
        Run run = submit(2, null, null);
        run.topics().produce(KafkaBroker.shared(), lines, CLOCK);
        awaitAndCheck(run);

        ClassLoading loading = ClassLoading.of(cluster, LIB);
        assertThat(loading.jobManager())
                .as("the JobManager ran the jar's main")
                .contains("io.sensorflow.job.SensorFlowJob");
        assertThat(loading.taskManagers())
                .as("the TaskManagers ran its tasks")
                .contains("io.sensorflow.job.alerting.ThresholdEvaluator");
        // Flink's own packages load parent-first, so the jar cannot shadow them at run time; other
        // libraries load child-first and can (the TaskManager ran the jar's snakeyaml-engine until
        // the jar left it out)
        assertThat(loading.jobManager())
                .as("classes the JobManager took from the user jar although lib/ has them")
                .doesNotContainAnyElementsOf(loading.inLib());
        assertThat(loading.taskManagers())
                .as("classes a TaskManager took from the user jar although lib/ has them")
                .doesNotContainAnyElementsOf(loading.inLib());
        assertThat(ClassLoading.classesIn(JAR))
                .as("classes in the cluster jar that Flink's lib/ has already")
                .doesNotContainAnyElementsOf(loading.inLib());
        // the job is cancelled by now: a thread of the jar's (the Kubernetes client's event
        // loop, Kafka's) still running would trip Flink's check on the released class loader
        assertThat(cluster.taskManagerLogLines("Trying to access closed classloader"))
                .as("user-code threads that outlived their job")
                .isZero();
    }

    @Test
    @Timeout(300)
    void aTaskManagerKilledMidStreamIsReplacedAndTheOutputIsExactlyTheReplay() throws Exception {
        Run run = submit(2, null, null);
        KafkaBroker kafka = KafkaBroker.shared();
        run.topics().sendAll(kafka, lines.subList(0, READINGS / 2));
        String failure;
        try (CommittedRecords averages =
                new CommittedRecords(kafka.bootstrapServers(), run.topics().averages())) {
            // committed output (read_committed) means a checkpoint has completed: the kill
            // comes after one
            await().atMost(Duration.ofSeconds(120)).until(() -> averages.count() >= 10);
            int before = averages.count();
            Instant killed = Instant.now();
            cluster.killTaskManagers();
            cluster.startTaskManager();
            // the stream goes on while the job is down
            run.topics().produce(kafka, lines.subList(READINGS / 2, READINGS), CLOCK);
            // what the reader sees in the first half second was committed before the kill
            Instant next =
                    averages.awaitArrivalAfter(
                            before, killed.plusMillis(500), Duration.ofSeconds(120));
            failure = cluster.rest().lastFailure(run.jobId());
            System.out.printf(
                    "TaskManager killed with %d averages committed; the next one committed %d ms"
                            + " after the kill; the job failed over for %s%n",
                    before, Duration.between(killed, next).toMillis(), failure);
        }
        assertThat(failure)
                .as("the job failed over once its TaskManager was gone")
                .contains("is no longer reachable");
        assertThat(cluster.rest().restored(run.jobId()).path("is_savepoint").asText())
                .as("and restarted from a checkpoint")
                .isEqualTo("false");
        awaitAndCheck(run);
    }

    @Test
    @Timeout(300)
    void stoppedWithASavepointAndSubmittedAgainAtAnotherParallelism() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        Run first = submit(2, null, null);
        first.topics().sendAll(kafka, lines.subList(0, READINGS / 2));
        KafkaTopics.readCommittedUntil(
                kafka.bootstrapServers(),
                first.topics().averages(),
                r -> r.size() >= 20,
                Duration.ofSeconds(120));
        String savepoint =
                cluster.rest()
                        .stopWithSavepoint(
                                first.jobId(),
                                work.resolve("savepoints").toUri().toString(),
                                Duration.ofSeconds(120));
        cluster.rest().awaitState(first.jobId(), "FINISHED", Duration.ofSeconds(60));
        int atTheStop =
                KafkaTopics.readAllCommitted(kafka.bootstrapServers(), first.topics().averages())
                        .size();
        assertThat(atTheStop)
                .as("averages the first job committed: the second has the rest to do")
                .isBetween(20, reference.averages().size() / 2);

        Run second = submit(1, savepoint, first.topics());
        assertThat(cluster.rest().restored(second.jobId()).path("external_path").asText())
                .as("the second job started from the savepoint")
                .isEqualTo(savepoint);
        first.topics().produce(kafka, lines.subList(READINGS / 2, READINGS), CLOCK);
        awaitAndCheck(second);
    }

    /** Waits for the whole output, checks it against the replay, then cancels the job. */
    static void awaitAndCheck(Run run) throws Exception {
        try {
            // the replay's thresholds come with its rules (version 0), the job's from the
            // ConfigMap
            reference.assertCommitted(
                    KafkaBroker.shared().bootstrapServers(),
                    run.topics(),
                    withRulesVersion(reference.alerts(), run.rulesVersion()),
                    Duration.ofSeconds(180),
                    Duration.ofMillis(2500));
        } catch (AssertionError | RuntimeException e) {
            System.err.println(cluster.rest().exceptions(run.jobId()));
            throw e;
        } finally {
            cluster.rest().cancelAndWait(run.jobId(), Duration.ofSeconds(60));
        }
    }

    static List<JsonNode> withRulesVersion(List<JsonNode> alerts, long version) {
        return alerts.stream()
                .map(
                        a ->
                                (JsonNode)
                                        ((ObjectNode) a.deepCopy())
                                                .put("rulesVersion", Math.toIntExact(version)))
                .toList();
    }
}
