package io.sensorflow.cluster;

import static io.sensorflow.job.testing.KafkaTopics.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sensorflow.api.JobCommandLine;
import io.sensorflow.api.Metric;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.FileReplay;
import io.sensorflow.job.testing.JsonLines;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.AfterAll;
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
    static String jarId;
    static List<String> lines;
    static FileReplay reference;
    static long rulesVersion;

    @BeforeAll
    static void start() throws Exception {
        api = MockApiServer.crud();
        api.init();
        KubernetesClient client = api.createClient().adapt(KubernetesClient.class);
        Path kubeconfig =
                MockApiServer.kubeconfig(
                        work.resolve("kubeconfig"), client.getMasterUrl().toString(), NS);
        cluster = FlinkCluster.shared(kubeconfig);
        jarId = cluster.rest().upload(JAR);

        lines = SimulatedReadings.lines(8, READINGS);
        reference = FileReplay.of(lines, referenceArgs(pipeline()), work.resolve("reference"));
        assertThat(reference.averages()).hasSizeGreaterThan(100);
        assertThat(reference.alerts()).hasSizeGreaterThan(4);
    }

    @AfterAll
    static void stopApi() {
        api.destroy();
    }

    /** A running job: its FlinkDeployment, topics and id. */
    record Run(FlinkDeployment fd, PipelineTopics topics, String jobId) {}

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
        RuleSpec overheat = new RuleSpec();
        overheat.name = "overheat";
        overheat.metric = Metric.TEMPERATURE;
        overheat.above = 30.0;
        overheat.consecutiveWindows = 2;
        RuleSpec dry = new RuleSpec();
        dry.name = "dry";
        dry.metric = Metric.HUMIDITY;
        dry.below = 40.0;
        s.alerting.rules = new ArrayList<>(List.of(overheat, dry));
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
        rulesVersion = ThresholdConfigMap.published(thresholds).version();
        api.createClient()
                .adapt(KubernetesClient.class)
                .resource(thresholds)
                .createOr(r -> r.update());
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
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () ->
                                    cluster.taskManagerLogLines(applied) - appliedBefore
                                            >= parallelism);
        }
        return new Run(fd, t, jobId);
    }

    @Test
    @Timeout(300)
    void theClusterJarReplaysExactlyOnceThroughKafkaAndLoadsNoneOfFlinksClasses() throws Exception {
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
        assertThat(loading.jobManager())
                .as("classes the JobManager took from the user jar although lib/ has them")
                .doesNotContainAnyElementsOf(loading.inLib());
        assertThat(loading.taskManagers())
                .as("classes a TaskManager took from the user jar although lib/ has them")
                .doesNotContainAnyElementsOf(loading.inLib());
        assertThat(ClassLoading.classesIn(JAR))
                .as("classes in the cluster jar that Flink's lib/ has already")
                .doesNotContainAnyElementsOf(loading.inLib());
    }

    @Test
    @Timeout(300)
    void aTaskManagerKilledMidStreamIsReplacedAndTheOutputIsExactlyTheReplay() throws Exception {
        Run run = submit(2, null, null);
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        // the readings arrive over some 12 s, so the kill lands while they still come
        CompletableFuture<Void> producing =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                run.topics()
                                        .produce(
                                                KafkaBroker.shared(),
                                                lines,
                                                CLOCK,
                                                200,
                                                Duration.ofMillis(400));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try (CommittedRecords averages = new CommittedRecords(bootstrap, run.topics().averages())) {
            await().atMost(Duration.ofSeconds(120))
                    .until(
                            () ->
                                    cluster.rest().completedCheckpoints(run.jobId()) >= 1
                                            && averages.count() >= 10);
            assertThat(producing).as("the readings are still coming").isNotDone();

            int before = averages.count();
            Instant killed = Instant.now();
            cluster.killTaskManager();
            cluster.startTaskManager(); // as Kubernetes restarts the pod
            Instant next = averages.awaitArrivalAfter(before, killed, Duration.ofSeconds(120));
            System.out.printf(
                    "TaskManager killed with %d averages committed; the next one committed %d ms"
                            + " after the kill; the job failed over for %s%n",
                    before,
                    Duration.between(killed, next).toMillis(),
                    cluster.rest().lastFailure(run.jobId()));
            producing.get(60, TimeUnit.SECONDS);
        } catch (Exception | AssertionError e) {
            cluster.rest().cancel(run.jobId());
            throw e;
        }
        assertThat(cluster.rest().lastFailure(run.jobId()))
                .as("the job failed over once its TaskManager was gone")
                .contains("is no longer reachable");
        assertThat(cluster.rest().restored(run.jobId()).path("is_savepoint").asText())
                .as("and restarted from its last checkpoint")
                .isEqualTo("false");
        awaitAndCheck(run);
    }

    @Test
    @Timeout(300)
    void stoppedWithASavepointAndSubmittedAgainAtAnotherParallelism() throws Exception {
        Run first = submit(2, null, null);
        first.topics().produce(KafkaBroker.shared(), lines, CLOCK);
        KafkaTopics.readCommittedUntil(
                KafkaBroker.shared().bootstrapServers(),
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
        Run second = submit(1, savepoint, first.topics());
        assertThat(cluster.rest().restored(second.jobId()).path("external_path").asText())
                .as("the second job started from the savepoint")
                .isEqualTo(savepoint);
        awaitAndCheck(second);
    }

    /** Waits for the whole output, checks it against the replay, then cancels the job. */
    static void awaitAndCheck(Run run) throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        PipelineTopics t = run.topics();
        try {
            KafkaTopics.readCommittedUntil(
                    bootstrap,
                    t.averages(),
                    r -> r.size() >= reference.averages().size(),
                    Duration.ofSeconds(180));
            KafkaTopics.readCommittedUntil(
                    bootstrap,
                    t.alerts(),
                    r -> r.size() >= reference.alerts().size(),
                    Duration.ofSeconds(60));
            Thread.sleep(2500); // more checkpoints: anything duplicated would show now
            List<JsonNode> averages = values(KafkaTopics.readAllCommitted(bootstrap, t.averages()));
            List<JsonNode> alerts = values(KafkaTopics.readAllCommitted(bootstrap, t.alerts()));
            List<JsonNode> deadLetters =
                    values(KafkaTopics.readAllCommitted(bootstrap, t.deadLetter()));

            assertThat(averages).containsExactlyInAnyOrderElementsOf(reference.averages());
            assertThat(JsonLines.bySensor(averages))
                    .isEqualTo(JsonLines.bySensor(reference.averages()));
            // the replay's thresholds come with its rules (version 0), the job's from the
            // ConfigMap
            List<JsonNode> expectedAlerts = withRulesVersion(reference.alerts(), rulesVersion);
            assertThat(alerts).containsExactlyInAnyOrderElementsOf(expectedAlerts);
            assertThat(JsonLines.bySensorAndRule(alerts))
                    .isEqualTo(JsonLines.bySensorAndRule(expectedAlerts));
            assertThat(FileReplay.deadLetterKeys(deadLetters))
                    .containsExactlyInAnyOrderElementsOf(reference.deadLetters());
        } catch (AssertionError | RuntimeException e) {
            System.err.println(cluster.rest().exceptions(run.jobId()));
            throw e;
        } finally {
            cluster.rest().cancel(run.jobId());
            cluster.rest().awaitState(run.jobId(), "CANCELED", Duration.ofSeconds(60));
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
