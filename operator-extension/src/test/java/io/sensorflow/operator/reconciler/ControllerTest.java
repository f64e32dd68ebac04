package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.sensorflow.operator.Main;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import io.sensorflow.operator.rules.ThresholdConfigMap;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
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
    Operator operator;

    @BeforeEach
    void startController() {
        operator = Main.start(client, Pipelines.SETTINGS);
    }

    @AfterEach
    void stopController() {
        operator.stop();
        client.resources(SensorPipeline.class).inNamespace(NS).delete();
        client.resources(FlinkDeployment.class).inNamespace(NS).delete();
        client.configMaps().inNamespace(NS).delete();
    }

    @Test
    void aPipelineGetsItsFlinkDeploymentAndThresholdsAndMirrorsTheJob() {
        SensorPipeline p = client.resource(Pipelines.greenhouse(NS)).create();

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
        assertThat(cm.getData().get(ThresholdConfigMap.KEY))
                .isEqualTo("{\"version\":1,\"thresholds\":{\"dry\":40.0,\"overheat\":30.0}}");

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
        client.resource(Pipelines.greenhouse(NS)).create();
        awaitStatus(s -> s.getStatus().observedGeneration != null);
        String fdVersion = awaitFlinkDeployment().getMetadata().getResourceVersion();

        editSpec(s -> s.alerting.rules.get(0).above = 35.0);
        SensorPipeline live = awaitStatus(s -> s.getStatus().observedGeneration == 2L);
        assertThat(live.getStatus().lastChange.applied).isEqualTo("live");
        assertThat(live.getStatus().rules.generation).isEqualTo(2L);
        assertThat(awaitConfigMap().getData().get(ThresholdConfigMap.KEY))
                .isEqualTo("{\"version\":2,\"thresholds\":{\"dry\":40.0,\"overheat\":35.0}}");
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
    void anInvalidSpecIsReportedAndLeavesTheFlinkDeploymentAlone() {
        client.resource(Pipelines.greenhouse(NS)).create();
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
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                client.resources(FlinkDeployment.class)
                                        .inNamespace(NS)
                                        .withName("greenhouse")
                                        .get(),
                        fd -> fd != null);
    }

    ConfigMap awaitConfigMap() {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                client.configMaps()
                                        .inNamespace(NS)
                                        .withName("greenhouse-thresholds")
                                        .get(),
                        cm -> cm != null);
    }

    /** A user's edit of the pipeline's spec. */
    void editSpec(Consumer<SensorPipelineSpec> change) {
        client.resources(SensorPipeline.class)
                .inNamespace(NS)
                .withName("greenhouse")
                .edit(
                        p -> {
                            change.accept(p.getSpec());
                            return p;
                        });
    }

    SensorPipeline pipeline() {
        return client.resources(SensorPipeline.class).inNamespace(NS).withName("greenhouse").get();
    }

    SensorPipeline awaitStatus(java.util.function.Predicate<SensorPipeline> condition) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        this::pipeline,
                        p -> p != null && p.getStatus() != null && condition.test(p));
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
