package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.Greenhouse;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller owns the FlinkDeployment's spec and the thresholds ConfigMap's data exactly: an
 * edit that only takes something away is written, and reported as what it is; what others wrote
 * (the Flink operator's status and finalizer, other tools' labels and annotations) stays.
 */
@EnableKubernetesMockClient(crud = true)
class OwnershipTest {
    static KubernetesClient client;
    static final String NS = "owned";
    static final String FLINK_FINALIZER = "flinkdeployments.flink.apache.org/finalizer";

    final Greenhouse greenhouse = new Greenhouse(client, NS);
    SensorFlowOperator operator;

    @BeforeEach
    void start() {
        ApiServer.installCrds(client);
        operator = Pipelines.startController(client);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.resources(FlinkDeployment.class)
                .inNamespace(NS)
                .list()
                .getItems()
                .forEach(
                        fd ->
                                client.resource(fd)
                                        .edit(
                                                d -> {
                                                    d.getMetadata().setFinalizers(List.of());
                                                    return d;
                                                }));
        greenhouse.deleteAll();
    }

    @Test
    void autoscalerOnThenOff() {
        createAndMarkAsOthersWould();
        addThenTakeAway(
                s -> s.autoscaler.enabled = true,
                fd -> config(fd).containsKey("job.autoscaler.enabled"),
                s -> s.autoscaler.enabled = false,
                fd -> config(fd).keySet().stream().noneMatch(k -> k.startsWith("job.autoscaler")),
                "spec.autoscaler.enabled");
    }

    @Test
    void aFlinkConfigurationKeyAddedThenRemoved() {
        createAndMarkAsOthersWould();
        addThenTakeAway(
                s -> s.flinkConfiguration.put("taskmanager.network.memory.fraction", "0.2"),
                fd -> config(fd).containsKey("taskmanager.network.memory.fraction"),
                s -> s.flinkConfiguration.remove("taskmanager.network.memory.fraction"),
                fd -> !config(fd).containsKey("taskmanager.network.memory.fraction"),
                "spec.flinkConfiguration");
    }

    @Test
    void aCredentialsSecretSetThenRemoved() {
        createAndMarkAsOthersWould();
        addThenTakeAway(
                s -> s.kafka.credentialsSecret = "kafka-client",
                fd ->
                        fd.getSpec().getPodTemplate() != null
                                && Greenhouse.hasArgs(fd, "--kafka-properties"),
                s -> s.kafka.credentialsSecret = null,
                fd ->
                        fd.getSpec().getPodTemplate() == null
                                && !Greenhouse.hasArgs(fd, "--kafka-properties"),
                "spec.kafka.credentialsSecret");
    }

    @Test
    void highAvailabilityOff() {
        createAndMarkAsOthersWould();
        assertThat(config(greenhouse.awaitFlinkDeployment())).containsKey("high-availability.type");
        greenhouse.edit(s -> s.highAvailability = false);
        FlinkDeployment fd =
                greenhouse.awaitFlinkDeployment(
                        d ->
                                !config(d).containsKey("high-availability.type")
                                        && !config(d).containsKey("high-availability.storageDir"));
        assertThat(fd.getSpec().getJobManager().getReplicas()).isEqualTo(1);
        assertReported(2, "spec.highAvailability");
        assertOthersWritesKept(fd);
    }

    @Test
    void theThresholdsDataIsOursAndTheRestOfTheConfigMapIsNot() {
        greenhouse.create();
        ConfigMap cm = greenhouse.awaitThresholds(c -> true);
        String document = cm.getData().get(ThresholdsDocument.KEY);
        client.resource(cm)
                .edit(
                        c ->
                                new ConfigMapBuilder(c)
                                        .addToData("left-by-someone", "x")
                                        .editMetadata()
                                        .addToLabels("team", "greenhouses")
                                        .addToAnnotations("example.com/owner", "alice")
                                        .endMetadata()
                                        .build());
        ConfigMap repaired =
                greenhouse.awaitThresholds(c -> !c.getData().containsKey("left-by-someone"));
        assertThat(repaired.getData()).containsOnlyKeys(ThresholdsDocument.KEY);
        assertThat(repaired.getData().get(ThresholdsDocument.KEY)).isEqualTo(document);
        assertThat(repaired.getMetadata().getLabels()).containsEntry("team", "greenhouses");
        assertThat(repaired.getMetadata().getAnnotations())
                .containsEntry("example.com/owner", "alice");
    }

    @Test
    void aHandEditThatRemovesAKeyOfOursIsPutBack() {
        createAndMarkAsOthersWould();
        editFlinkDeployment(
                fd -> fd.getSpec().getFlinkConfiguration().remove("restart-strategy.type"));
        FlinkDeployment fd =
                greenhouse.awaitFlinkDeployment(
                        d -> "exponential-delay".equals(config(d).get("restart-strategy.type")));
        assertOthersWritesKept(fd);
    }

    @Test
    void theFlinkOperatorsTriggersAreTheUsersAndStay() {
        createAndMarkAsOthersWould();
        // an operator asks the Flink operator for a savepoint and a restart
        editFlinkDeployment(
                fd -> {
                    fd.getSpec().getJob().setSavepointTriggerNonce(42L);
                    fd.getSpec().setRestartNonce(7L);
                });
        greenhouse.edit(s -> s.window.size = "5m");
        FlinkDeployment fd =
                greenhouse.awaitFlinkDeployment(d -> Greenhouse.hasArgs(d, "--window-size", "5m"));
        assertThat(fd.getSpec().getJob().getSavepointTriggerNonce()).isEqualTo(42L);
        assertThat(fd.getSpec().getRestartNonce()).isEqualTo(7L);
        assertOthersWritesKept(fd);
    }

    // --- helpers ---

    /** An edit of the FlinkDeployment by someone other than the controller. */
    void editFlinkDeployment(Consumer<FlinkDeployment> change) {
        client.resources(FlinkDeployment.class)
                .inNamespace(NS)
                .withName(Greenhouse.NAME)
                .edit(
                        fd -> {
                            change.accept(fd);
                            return fd;
                        });
    }

    /**
     * The pipeline deployed, and its FlinkDeployment marked as the Flink operator and others do.
     */
    void createAndMarkAsOthersWould() {
        greenhouse.create();
        greenhouse.awaitObservedGeneration(1);
        FlinkDeployment fd = greenhouse.awaitFlinkDeployment();
        fd =
                client.resource(fd)
                        .edit(
                                d -> {
                                    d.getMetadata().getLabels().put("team", "greenhouses");
                                    d.getMetadata()
                                            .getAnnotations()
                                            .put("example.com/owner", "alice");
                                    d.getMetadata().setFinalizers(List.of(FLINK_FINALIZER));
                                    return d;
                                });
        FlinkDeploymentStatus status = new FlinkDeploymentStatus();
        status.getJobStatus().setState(JobStatus.RUNNING);
        status.getJobStatus().setJobId("0123456789abcdef");
        status.setObservedGeneration(fd.getMetadata().getGeneration());
        fd.setStatus(status);
        client.resource(fd).updateStatus();
    }

    void addThenTakeAway(
            Consumer<SensorPipelineSpec> add,
            Predicate<FlinkDeployment> added,
            Consumer<SensorPipelineSpec> takeAway,
            Predicate<FlinkDeployment> takenAway,
            String field) {
        greenhouse.edit(add);
        greenhouse.awaitFlinkDeployment(added);
        assertReported(2, field);
        greenhouse.edit(takeAway);
        FlinkDeployment fd = greenhouse.awaitFlinkDeployment(takenAway);
        assertReported(3, field);
        assertOthersWritesKept(fd);
    }

    void assertReported(long generation, String field) {
        SensorPipeline p = greenhouse.awaitObservedGeneration(generation);
        assertThat(p.getStatus().lastChange.generation).isEqualTo(generation);
        assertThat(p.getStatus().lastChange.applied).isEqualTo("upgrade");
        assertThat(p.getStatus().lastChange.fields).contains(field);
    }

    static void assertOthersWritesKept(FlinkDeployment fd) {
        assertThat(fd.getMetadata().getLabels())
                .containsEntry("team", "greenhouses")
                .containsEntry("app.kubernetes.io/managed-by", "sensorflow-operator");
        assertThat(fd.getMetadata().getAnnotations()).containsEntry("example.com/owner", "alice");
        assertThat(fd.getMetadata().getFinalizers()).containsExactly(FLINK_FINALIZER);
        assertThat(fd.getStatus().getJobStatus().getJobId()).isEqualTo("0123456789abcdef");
    }

    static java.util.Map<String, String> config(FlinkDeployment fd) {
        return fd.getSpec().getFlinkConfiguration();
    }
}
