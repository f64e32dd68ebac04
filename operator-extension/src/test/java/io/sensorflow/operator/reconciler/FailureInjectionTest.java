package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Counter;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.CuttableProxy;
import io.sensorflow.operator.Greenhouse;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong between a controller and its API server: a write refused with 409 Conflict, and
 * the connection (watches included) dropped while the user edits. In each case the controller must
 * converge on the spec without anyone's help.
 *
 * <p>The mock API server, when a watch resumes, sends the objects as they are now but not the
 * deletions it missed (a real API server replays them from its watch cache), so a deletion during
 * the outage is not part of this test.
 */
@EnableKubernetesMockClient(crud = true)
class FailureInjectionTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    static final String NS = "failures";
    static final String FD_PATH =
            "/apis/flink.apache.org/v1beta1/namespaces/" + NS + "/flinkdeployments/greenhouse";

    Greenhouse greenhouse;
    SensorFlowOperator operator;
    CuttableProxy proxy;
    KubernetesClient proxied;

    @BeforeEach
    void pipeline() {
        ApiServer.installCrds(client);
        greenhouse = new Greenhouse(client, NS);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (proxied != null) {
            proxied.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        greenhouse.deleteAll();
    }

    @Test
    void aConflictOnUpdateIsRetriedUntilTheFlinkDeploymentMatches() {
        operator = Pipelines.startController(client);
        greenhouse.create();
        greenhouse.awaitFlinkDeployment(fd -> Greenhouse.hasArgs(fd, "--window-size", "10m"));
        greenhouse.awaitObservedGeneration(1);

        // the next write of the FlinkDeployment loses a race with another writer
        server.expect()
                .put()
                .withPath(FD_PATH)
                .andReturn(
                        409,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(409)
                                .withReason("Conflict")
                                .withMessage(
                                        "Operation cannot be fulfilled on flinkdeployments"
                                                + " \"greenhouse\": the object has been modified")
                                .build())
                .once();
        greenhouse.edit(s -> s.window.size = "5m");

        greenhouse.awaitFlinkDeployment(fd -> Greenhouse.hasArgs(fd, "--window-size", "5m"));
        SensorPipeline p = greenhouse.awaitObservedGeneration(2);
        assertThat(Conditions.find(p.getStatus().conditions, Conditions.RECONCILED).getStatus())
                .isEqualTo("True");
        assertThat(
                        operator
                                .metrics()
                                .find("operator.sdk.reconciliations.failed")
                                .counters()
                                .stream()
                                .mapToDouble(Counter::count)
                                .sum())
                .as("the conflict reached the controller")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPipelineWhoseWritesFailIsReportedAndRetriedWhileTheOthersGoOn() {
        // the API server refuses the first three attempts to create one FlinkDeployment (as while
        // the controller's RBAC is being fixed; the client itself retries only 5xx answers)
        server.expect()
                .post()
                .withPath("/apis/flink.apache.org/v1beta1/namespaces/" + NS + "/flinkdeployments")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage(
                                        "flinkdeployments.flink.apache.org is forbidden: User"
                                                + " cannot create resource")
                                .build())
                .times(3);
        operator = Pipelines.startController(client);
        greenhouse.create();
        SensorPipeline failing =
                greenhouse.awaitStatus(
                        p -> {
                            var c =
                                    Conditions.find(
                                            p.getStatus().conditions, Conditions.RECONCILED);
                            return c != null && c.getStatus().equals("False");
                        });
        var reconciled = Conditions.find(failing.getStatus().conditions, Conditions.RECONCILED);
        assertThat(reconciled.getReason()).isEqualTo("ReconcileError");
        assertThat(reconciled.getMessage()).contains("forbidden");

        // another pipeline is not held up, and the first converges once the writes go through
        Greenhouse barn = new Greenhouse(client, "barn-" + NS);
        barn.create();
        barn.awaitFlinkDeployment();
        assertThat(greenhouse.flinkDeployment())
                .as("still backing off (1 s, then 2 s) after three refusals")
                .isNull();
        greenhouse.awaitFlinkDeployment();
        SensorPipeline recovered =
                greenhouse.awaitStatus(
                        p ->
                                "True"
                                        .equals(
                                                Conditions.find(
                                                                p.getStatus().conditions,
                                                                Conditions.RECONCILED)
                                                        .getStatus()));
        assertThat(recovered.getStatus().phase).isNotEqualTo(SensorPipelineStatus.Phase.Invalid);
        barn.deleteAll();
    }

    @Test
    void afterADroppedConnectionTheControllerCatchesUpWithWhatChangedMeanwhile() {
        URI api = URI.create(client.getMasterUrl().toString());
        proxy = new CuttableProxy(api.getHost(), api.getPort());
        proxied =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder(client.getConfiguration())
                                        .withMasterUrl(
                                                api.getScheme()
                                                        + "://"
                                                        + api.getHost()
                                                        + ":"
                                                        + proxy.port())
                                        .build())
                        .build();
        operator = Pipelines.startController(proxied);
        greenhouse.create();
        greenhouse.awaitFlinkDeployment();
        greenhouse.awaitObservedGeneration(1);

        proxy.cut();
        // while the controller is cut off: a threshold edit, and someone edits the
        // FlinkDeployment by hand
        greenhouse.edit(s -> s.alerting.rules.get(0).above = 33.0);
        client.resources(FlinkDeployment.class)
                .inNamespace(NS)
                .withName(Greenhouse.NAME)
                .edit(
                        fd -> {
                            fd.getSpec().getJob().setParallelism(7);
                            return fd;
                        });
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        proxy.restore();

        greenhouse.awaitThresholds(
                cm -> cm.getData().get(ThresholdsDocument.KEY).contains("\"overheat\":33.0"));
        greenhouse.awaitFlinkDeployment(fd -> fd.getSpec().getJob().getParallelism() == 2);
        greenhouse.awaitObservedGeneration(2);
    }
}
