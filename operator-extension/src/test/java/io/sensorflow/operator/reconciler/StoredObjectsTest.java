package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.Greenhouse;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SensorPipelines stored as a real cluster may hold them after a CRD change, a rollback or a newer
 * controller: values today's model cannot read, written straight to the API server next to valid
 * pipelines. Each such pipeline is reported on its own, its FlinkDeployment left as it was, and
 * neither the controller nor the other pipelines notice.
 */
@EnableKubernetesMockClient(crud = true)
class StoredObjectsTest {
    static KubernetesClient client;
    static final String NS = "stored";
    static final ResourceDefinitionContext PIPELINES =
            new ResourceDefinitionContext.Builder()
                    .withGroup("sensorflow.io")
                    .withVersion("v1alpha1")
                    .withKind("SensorPipeline")
                    .withPlural("sensorpipelines")
                    .withNamespaced(true)
                    .build();

    SensorFlowOperator operator;

    @BeforeEach
    void installCrds() {
        ApiServer.installCrds(client);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        new Greenhouse(client, NS).deleteAll();
        client.v1().events().inNamespace(NS).delete();
    }

    @Test
    void unreadablePipelinesFoundAtStartAreReportedWhileTheOthersAreDeployed() throws Exception {
        create("barn", s -> {});
        create("old-backend", s -> s.put("checkpointing", Map.of("stateBackend", "memory")));
        create("typo", s -> s.put("parallelism", "many"));
        // a status written by another version of the controller
        GenericKubernetesResource oddStatus =
                client.genericKubernetesResources(PIPELINES)
                        .inNamespace(NS)
                        .resource(pipeline("odd-status", s -> {}))
                        .create();
        oddStatus.setAdditionalProperty(
                "status", Map.of("phase", "Degraded", "conditions", "all good"));
        client.genericKubernetesResources(PIPELINES)
                .inNamespace(NS)
                .resource(oddStatus)
                .updateStatus();

        operator = Pipelines.startController(client);

        awaitFlinkDeployment("barn");
        awaitFlinkDeployment("odd-status");
        SensorPipeline oldBackend = awaitPhase("old-backend", Phase.Invalid);
        assertThat(valid(oldBackend).getMessage())
                .isEqualTo(
                        "spec.checkpointing.stateBackend: \"memory\" cannot be read: expected one"
                                + " of rocksdb, hashmap");
        assertThat(valid(oldBackend).getStatus()).isEqualTo("False");
        assertThat(valid(awaitPhase("typo", Phase.Invalid)).getMessage())
                .isEqualTo(
                        "spec.parallelism: \"many\" cannot be read: expected a whole number up to"
                                + " 2147483647");
        assertThat(awaitPhase("odd-status", Phase.Deploying).getStatus().conditions)
                .extracting(c -> c.getType())
                .containsExactly("Valid", "Reconciled", "Ready");
        assertThat(flinkDeployment("old-backend")).isNull();
        assertThat(flinkDeployment("typo")).isNull();
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(
                        e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo("InvalidSpec");
                            assertThat(e.getInvolvedObject().getName()).isEqualTo("old-backend");
                            assertThat(e.getMessage()).contains("spec.checkpointing.stateBackend");
                        });
        assertThat(readyz()).isEqualTo(200);

        // once fixed, it is deployed like any other
        replaceSpec("old-backend", s -> s.put("checkpointing", Map.of("stateBackend", "hashmap")));
        FlinkDeployment fixed = awaitFlinkDeployment("old-backend");
        assertThat(fixed.getSpec().getFlinkConfiguration())
                .containsEntry("state.backend.type", "hashmap");
    }

    @Test
    void aPipelineThatBecomesUnreadableKeepsItsFlinkDeploymentAndTheOthersGoOn() throws Exception {
        operator = Pipelines.startController(client);
        create("greenhouse", s -> {});
        create("barn", s -> {});
        String version = awaitFlinkDeployment("greenhouse").getMetadata().getResourceVersion();
        awaitFlinkDeployment("barn");

        replaceSpec(
                "greenhouse", s -> s.put("alerting", Map.of("rules", "overheat above 30, please")));
        SensorPipeline invalid = awaitPhase("greenhouse", Phase.Invalid);
        assertThat(valid(invalid).getMessage())
                .isEqualTo(
                        "spec.alerting.rules: \"overheat above 30, please\" cannot be read:"
                                + " expected a list");

        // the controller still acts on the others
        replaceSpec("barn", s -> s.put("window", Map.of("size", "5m")));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> flinkDeployment("barn"),
                        fd -> Greenhouse.hasArgs(fd, "--window-size", "5m"));
        assertThat(flinkDeployment("greenhouse").getMetadata().getResourceVersion())
                .isEqualTo(version);
        assertThat(readyz()).isEqualTo(200);
    }

    // --- helpers ---

    /** The test pipeline under this name, as stored JSON with this change to its spec. */
    static GenericKubernetesResource pipeline(String name, Consumer<Map<String, Object>> change) {
        SensorPipeline p = Pipelines.greenhouse(NS);
        p.setMetadata(new ObjectMeta());
        p.getMetadata().setName(name);
        p.getMetadata().setNamespace(NS);
        GenericKubernetesResource stored =
                Serialization.jsonMapper().convertValue(p, GenericKubernetesResource.class);
        stored.getAdditionalProperties().remove("status");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) stored.getAdditionalProperties().get("spec");
        change.accept(spec);
        return stored;
    }

    static void create(String name, Consumer<Map<String, Object>> change) {
        client.genericKubernetesResources(PIPELINES)
                .inNamespace(NS)
                .resource(pipeline(name, change))
                .create();
    }

    /** Writes the spec as stored JSON, as an API server under another CRD would keep it. */
    static void replaceSpec(String name, Consumer<Map<String, Object>> change) {
        client.genericKubernetesResources(PIPELINES)
                .inNamespace(NS)
                .withName(name)
                .edit(
                        r -> {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> spec =
                                    (Map<String, Object>) r.getAdditionalProperties().get("spec");
                            change.accept(spec);
                            return r;
                        });
    }

    static SensorPipeline awaitPhase(String name, Phase phase) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                client.resources(SensorPipeline.class)
                                        .inNamespace(NS)
                                        .withName(name)
                                        .get(),
                        p -> p.getStatus() != null && p.getStatus().phase == phase);
    }

    static FlinkDeployment flinkDeployment(String name) {
        return client.resources(FlinkDeployment.class).inNamespace(NS).withName(name).get();
    }

    static FlinkDeployment awaitFlinkDeployment(String name) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> flinkDeployment(name), fd -> fd != null);
    }

    static io.fabric8.kubernetes.api.model.Condition valid(SensorPipeline p) {
        return Conditions.find(p.getStatus().conditions, Conditions.VALID);
    }

    int readyz() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + operator.httpPort()
                                                        + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
