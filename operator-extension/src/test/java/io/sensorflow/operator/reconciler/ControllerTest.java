package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.Greenhouse;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against fabric8's mock API server in CRUD mode: what it creates, what a spec
 * change does, what an invalid spec does, and that an unchanged pipeline causes no writes. The
 * Flink operator's part (its status on the FlinkDeployment) is written the way it writes it.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    static final String NS = "sensors";
    SensorFlowOperator operator;
    final Greenhouse greenhouse = new Greenhouse(client, NS);

    @BeforeEach
    void startController() {
        ApiServer.installCrds(client);
        operator = Pipelines.startController(client);
    }

    @AfterEach
    void stopController() {
        operator.close();
        greenhouse.deleteAll();
    }

    @Test
    void aPipelineGetsItsFlinkDeploymentAndThresholdsAndMirrorsTheJob() {
        SensorPipeline p = greenhouse.create();

        FlinkDeployment fd = awaitFlinkDeployment();
        assertThat(fd.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.getUid()).isEqualTo(p.getMetadata().getUid());
                            assertThat(o.getController()).isTrue();
                        });
        assertThat(Arrays.asList(fd.getSpec().getJob().getArgs()))
                .containsSequence("--window-size", "10m")
                .containsSequence("--rules-configmap", "greenhouse-thresholds");
        ConfigMap cm = awaitConfigMap();
        assertThat(cm.getData().get(ThresholdsDocument.KEY))
                .isEqualTo(
                        "{\"version\":1,\"rules\":\"overheat-temperature-above-1,dry-humidity-below-2\",\"thresholds\":{\"dry\":40.0,\"overheat\":30.0}}");

        SensorPipeline deploying = awaitStatus(s -> s.getStatus().phase == Phase.Deploying);
        assertThat(deploying.getStatus().observedGeneration).isEqualTo(1L);
        assertThat(condition(deploying, "Valid")).isEqualTo("True");
        assertThat(condition(deploying, "Reconciled")).isEqualTo("True");
        assertThat(condition(deploying, "Ready")).isEqualTo("False");
        assertThat(deploying.getStatus().rules.summary)
                .isEqualTo("overheat:temperature>30,dry:humidity<40x2");

        flinkOperatorReports(JobStatus.RUNNING);
        SensorPipeline running = awaitStatus(s -> s.getStatus().phase == Phase.Running);
        assertThat(running.getStatus().jobStatus.state).isEqualTo("RUNNING");
        assertThat(running.getStatus().jobStatus.jobId).isEqualTo("0123456789abcdef");
        assertThat(running.getStatus().jobStatus.lifecycleState).isEqualTo("STABLE");
        assertThat(condition(running, "Ready")).isEqualTo("True");

        // nothing changes, so nothing is written: no update loop
        String fdVersion = awaitFlinkDeployment().getMetadata().getResourceVersion();
        String cmVersion = awaitConfigMap().getMetadata().getResourceVersion();
        String spVersion = pipeline().getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                awaitFlinkDeployment()
                                                .getMetadata()
                                                .getResourceVersion()
                                                .equals(fdVersion)
                                        && awaitConfigMap()
                                                .getMetadata()
                                                .getResourceVersion()
                                                .equals(cmVersion)
                                        && pipeline()
                                                .getMetadata()
                                                .getResourceVersion()
                                                .equals(spVersion));
        assertThat(events()).anyMatch(e -> e.getReason().equals("Created"));
    }

    @Test
    void aThresholdEditChangesOnlyTheConfigMapAndAWindowEditOnlyTheFlinkDeployment() {
        greenhouse.create();
        awaitStatus(s -> s.getStatus().observedGeneration != null);
        String fdVersion = awaitFlinkDeployment().getMetadata().getResourceVersion();

        editSpec(s -> s.alerting.rules.get(0).above = 35.0);
        SensorPipeline live = awaitStatus(s -> s.getStatus().observedGeneration == 2L);
        assertThat(live.getStatus().lastChange.applied).isEqualTo("live");
        assertThat(live.getStatus().rules.generation).isEqualTo(2L);
        assertThat(awaitConfigMap().getData().get(ThresholdsDocument.KEY))
                .isEqualTo(
                        "{\"version\":2,\"rules\":\"overheat-temperature-above-1,dry-humidity-below-2\",\"thresholds\":{\"dry\":40.0,\"overheat\":35.0}}");
        assertThat(awaitFlinkDeployment().getMetadata().getResourceVersion()).isEqualTo(fdVersion);

        String cmVersion = awaitConfigMap().getMetadata().getResourceVersion();
        editSpec(s -> s.window.size = "5m");
        SensorPipeline upgraded = awaitStatus(s -> s.getStatus().observedGeneration == 3L);
        assertThat(upgraded.getStatus().lastChange.applied)
                .as(io.fabric8.kubernetes.client.utils.Serialization.asJson(upgraded.getStatus()))
                .isEqualTo("upgrade");
        assertThat(Arrays.asList(awaitFlinkDeployment().getSpec().getJob().getArgs()))
                .containsSequence("--window-size", "5m");
        assertThat(awaitConfigMap().getMetadata().getResourceVersion()).isEqualTo(cmVersion);
        assertThat(upgraded.getStatus().rules.generation).isEqualTo(2L);
    }

    @Test
    void aRuleShapeChangeUpgradesAndRepublishesTheValuesForTheNewShape() {
        greenhouse.create();
        awaitStatus(s -> s.getStatus().observedGeneration != null);

        // overheat becomes "below 10": the running job must not take 10 as its "above" value
        editSpec(
                s -> {
                    s.alerting.rules.get(0).above = null;
                    s.alerting.rules.get(0).below = 10.0;
                });
        SensorPipeline p = awaitStatus(s -> s.getStatus().observedGeneration == 2L);
        assertThat(p.getStatus().lastChange.applied).isEqualTo("upgrade");
        assertThat(awaitConfigMap().getData().get(ThresholdsDocument.KEY))
                .isEqualTo(
                        "{\"version\":2,\"rules\":\"overheat-temperature-below-1,dry-humidity-below-2\","
                                + "\"thresholds\":{\"dry\":40.0,\"overheat\":10.0}}");
        assertThat(Greenhouse.hasArgs(awaitFlinkDeployment(), "\"below\":null")).isTrue();
    }

    @Test
    void anInvalidSpecIsReportedAndLeavesTheFlinkDeploymentAlone() {
        greenhouse.create();
        awaitStatus(s -> s.getStatus().observedGeneration != null);
        String fdVersion = awaitFlinkDeployment().getMetadata().getResourceVersion();

        editSpec(s -> s.window.maxOutOfOrderness = "20m");
        SensorPipeline invalid = awaitStatus(s -> s.getStatus().phase == Phase.Invalid);
        assertThat(condition(invalid, "Valid")).isEqualTo("False");
        assertThat(message(invalid, "Valid"))
                .contains("spec.window.maxOutOfOrderness")
                .contains("longer than the window");
        assertThat(awaitFlinkDeployment().getMetadata().getResourceVersion()).isEqualTo(fdVersion);
        assertThat(events()).anyMatch(e -> e.getReason().equals("InvalidSpec"));
    }

    @Test
    void theFlinkDeploymentIsTheGoldenOneAndBothOwnedObjectsPointAtThePipeline() throws Exception {
        SensorPipeline p = greenhouse.create();

        FlinkDeployment fd = awaitFlinkDeployment();
        assertMatchesGolden(comparable(fd), "golden/greenhouse-flinkdeployment.yaml");
        for (HasMetadata owned : List.of(fd, awaitConfigMap())) {
            // what Kubernetes' garbage collector needs to delete it with the pipeline
            assertThat(owned.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(
                            o -> {
                                assertThat(o.getApiVersion()).isEqualTo("sensorflow.io/v1alpha1");
                                assertThat(o.getKind()).isEqualTo("SensorPipeline");
                                assertThat(o.getName()).isEqualTo("greenhouse");
                                assertThat(o.getUid()).isEqualTo(p.getMetadata().getUid());
                                assertThat(o.getController()).isTrue();
                                assertThat(o.getBlockOwnerDeletion()).isTrue();
                            });
        }
    }

    @Test
    void suspendSuspendsTheJobAndResumeRunsItAgain() {
        greenhouse.create();
        awaitFlinkDeployment();
        flinkOperatorReports(JobStatus.RUNNING);
        awaitStatus(s -> s.getStatus().phase == Phase.Running);

        editSpec(s -> s.suspend = true);
        FlinkDeployment suspended =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                this::awaitFlinkDeployment,
                                fd -> fd.getSpec().getJob().getState() == JobState.SUSPENDED);
        assertThat(suspended.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(awaitStatus(s -> s.getStatus().observedGeneration == 2L).getStatus().phase)
                .isEqualTo(Phase.Upgrading);
        flinkOperatorReports(JobStatus.SUSPENDED);
        SensorPipeline p = awaitStatus(s -> s.getStatus().phase == Phase.Suspended);
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(p.getStatus().jobStatus.lifecycleState).isEqualTo("SUSPENDED");

        editSpec(s -> s.suspend = false);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        this::awaitFlinkDeployment,
                        fd -> fd.getSpec().getJob().getState() == JobState.RUNNING);
        flinkOperatorReports(JobStatus.RUNNING);
        awaitStatus(
                s ->
                        s.getStatus().observedGeneration == 3L
                                && s.getStatus().phase == Phase.Running);
    }

    @Test
    void aPlatformOwnedFlinkKeyIsRefusedWithItsName() {
        greenhouse.create();
        String fdVersion = awaitFlinkDeployment().getMetadata().getResourceVersion();

        editSpec(s -> s.flinkConfiguration.put("high-availability.type", "zookeeper"));
        SensorPipeline invalid = awaitStatus(s -> s.getStatus().phase == Phase.Invalid);
        assertThat(message(invalid, "Valid"))
                .contains("spec.flinkConfiguration[high-availability.type]")
                .contains("set by the platform");
        assertThat(awaitFlinkDeployment().getMetadata().getResourceVersion()).isEqualTo(fdVersion);

        // a key the platform does not own goes through
        editSpec(
                s -> {
                    s.flinkConfiguration.clear();
                    s.flinkConfiguration.put("taskmanager.network.memory.fraction", "0.2");
                });
        await().atMost(Duration.ofSeconds(30))
                .until(
                        this::awaitFlinkDeployment,
                        fd ->
                                "0.2"
                                        .equals(
                                                fd.getSpec()
                                                        .getFlinkConfiguration()
                                                        .get(
                                                                "taskmanager.network.memory.fraction")));
        assertThat(condition(awaitStatus(s -> s.getStatus().observedGeneration == 3L), "Valid"))
                .isEqualTo("True");
    }

    @Test
    void theControllerWritesOnlyThePipelinesStatusNeverItsSpec() throws Exception {
        // the controller on a client of its own, so that its requests can be told apart
        operator.close();
        String agent = "controller-under-test";
        try (KubernetesClient own =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder(client.getConfiguration())
                                        .withUserAgent(agent)
                                        .build())
                        .build()) {
            operator = Pipelines.startController(own);
            greenhouse.create();
            awaitStatus(s -> s.getStatus().observedGeneration != null);
            editSpec(s -> s.window.size = "5m");
            awaitStatus(s -> s.getStatus().observedGeneration == 2L);
            flinkOperatorReports(JobStatus.RUNNING);
            awaitStatus(s -> s.getStatus().phase == Phase.Running);
            operator.close();
            operator = Pipelines.startController(client); // for stopController
        }

        String pipelinePath =
                "/apis/sensorflow.io/v1alpha1/namespaces/" + NS + "/sensorpipelines/greenhouse";
        List<String> specWrites = new java.util.ArrayList<>();
        List<String> statusWrites = new java.util.ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            String ua = r.getHeader("User-Agent");
            if (ua == null || !ua.contains(agent)) {
                continue;
            }
            String path = r.getPath().replaceFirst("\\?.*", "");
            boolean write = !r.getMethod().equals("GET") && !r.getMethod().equals("DELETE");
            if (write && path.equals(pipelinePath)) {
                specWrites.add(r.getMethod());
            } else if (write && path.equals(pipelinePath + "/status")) {
                statusWrites.add(r.getMethod());
            }
        }
        assertThat(specWrites).as("the controller's writes of the pipeline itself").isEmpty();
        assertThat(statusWrites).isNotEmpty().containsOnly("PATCH");
        assertThat(pipeline().getSpec().window.size).isEqualTo("5m");
    }

    /** The live FlinkDeployment without what the API server assigns (ids, versions, times). */
    static String comparable(FlinkDeployment live) {
        FlinkDeployment fd = Serialization.clone(live);
        ObjectMeta m = fd.getMetadata();
        m.setUid(null);
        m.setResourceVersion(null);
        m.setCreationTimestamp(null);
        m.setGeneration(null);
        m.setManagedFields(null);
        m.getOwnerReferences().forEach(o -> o.setUid("<pipeline uid>"));
        fd.setStatus(null);
        return Serialization.asYaml(fd);
    }

    /**
     * Compares with a hand-checked file in src/test/resources; on a difference the actual text is
     * left in target/golden-actual/ to diff against it.
     */
    static void assertMatchesGolden(String actual, String resource) throws Exception {
        String expected;
        try (var in = ControllerTest.class.getClassLoader().getResourceAsStream(resource)) {
            expected =
                    in == null
                            ? ""
                            : new String(
                                    in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!actual.equals(expected)) {
            java.nio.file.Path out = java.nio.file.Path.of("target/golden-actual", resource);
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, actual);
            assertThat(actual)
                    .as("differs from %s; actual in %s", resource, out)
                    .isEqualTo(expected);
        }
    }

    // --- helpers ---

    /**
     * Writes the FlinkDeployment's status as the Flink operator does once the job runs: the spec it
     * deployed (with its generation) as last reconciled and stable, and the job's state.
     */
    void flinkOperatorReports(JobStatus job) {
        FlinkDeployment fd = awaitFlinkDeployment();
        FlinkDeploymentStatus status = new FlinkDeploymentStatus();
        status.getReconciliationStatus().serializeAndSetLastReconciledSpec(fd.getSpec(), fd);
        status.getReconciliationStatus().setState(ReconciliationState.DEPLOYED);
        status.getReconciliationStatus().markReconciledSpecAsStable();
        org.apache.flink.kubernetes.operator.api.status.JobStatus js =
                new org.apache.flink.kubernetes.operator.api.status.JobStatus();
        js.setState(job);
        js.setJobId("0123456789abcdef");
        status.setJobStatus(js);
        status.setObservedGeneration(fd.getMetadata().getGeneration());
        fd.setStatus(status);
        client.resource(fd).updateStatus();
    }

    FlinkDeployment awaitFlinkDeployment() {
        return greenhouse.awaitFlinkDeployment();
    }

    ConfigMap awaitConfigMap() {
        return greenhouse.awaitThresholds(cm -> true);
    }

    /** A user's edit of the pipeline's spec. */
    void editSpec(Consumer<SensorPipelineSpec> change) {
        greenhouse.edit(change);
    }

    SensorPipeline pipeline() {
        return greenhouse.get();
    }

    SensorPipeline awaitStatus(java.util.function.Predicate<SensorPipeline> condition) {
        return greenhouse.awaitStatus(condition);
    }

    static String condition(SensorPipeline p, String type) {
        return Conditions.find(p.getStatus().conditions, type).getStatus();
    }

    static String message(SensorPipeline p, String type) {
        return Conditions.find(p.getStatus().conditions, type).getMessage();
    }

    List<Event> events() {
        return client.v1().events().inNamespace(NS).list().getItems();
    }
}
