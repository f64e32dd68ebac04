package io.sensorflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Counter;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.SensorPipeline;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two controllers with leader election on, as the chart runs them: one holds the Lease and acts,
 * the other only fills its caches, and takes over when the first stops.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    static final String NS = "leaders";
    static final OperatorSettings ELECTING =
            new OperatorSettings(
                    Pipelines.SETTINGS.namespaces(),
                    Pipelines.SETTINGS.jobImage(),
                    Pipelines.SETTINGS.stateDir(),
                    true,
                    0);

    final AtomicInteger lostByA = new AtomicInteger();
    final AtomicInteger lostByB = new AtomicInteger();
    SensorFlowOperator a;
    SensorFlowOperator b;

    @BeforeEach
    void grantLeaseAccess() {
        // The SDK asks the API server whether it may use Leases before it competes; the mock has
        // no RBAC, so it is told yes, as a cluster with the chart's Role would.
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(
                        201,
                        new SelfSubjectRulesReviewBuilder()
                                .withNewStatus()
                                .withIncomplete(false)
                                .withResourceRules(
                                        new ResourceRuleBuilder()
                                                .withApiGroups("coordination.k8s.io")
                                                .withResources("leases")
                                                .withVerbs("get", "create", "update")
                                                .build())
                                .endStatus()
                                .build())
                .always();
    }

    @AfterEach
    void stopBoth() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        client.resources(SensorPipeline.class).inNamespace(NS).delete();
        client.resources(FlinkDeployment.class).inNamespace(NS).delete();
        client.leases().inAnyNamespace().delete();
    }

    @Test
    void onlyTheLeaderActsAndAStandbyTakesOverWhenItStops() {
        a =
                SensorFlowOperator.start(
                        client, ELECTING, Pipelines.quickLease("a"), lostByA::incrementAndGet);
        awaitHolder("a");
        b =
                SensorFlowOperator.start(
                        client, ELECTING, Pipelines.quickLease("b"), lostByB::incrementAndGet);

        client.resource(Pipelines.greenhouse(NS)).create();
        awaitWindowSize("10m");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> reconciles(b) == 0);
        assertThat(reconciles(a)).isPositive();
        assertThat(holder()).isEqualTo("a");

        a.close();
        a = null;
        awaitHolder("b");
        client.resources(SensorPipeline.class)
                .inNamespace(NS)
                .withName("greenhouse")
                .edit(
                        p -> {
                            p.getSpec().window.size = "5m";
                            return p;
                        });
        awaitWindowSize("5m");
        assertThat(reconciles(b)).isPositive();
        assertThat(lostByA).as("an orderly stop is not a lost Lease").hasValue(0);
        assertThat(lostByB).hasValue(0);
    }

    @Test
    void aLeaderThatLosesItsLeaseAsksToBeRestarted() {
        a =
                SensorFlowOperator.start(
                        client, ELECTING, Pipelines.quickLease("a"), lostByA::incrementAndGet);
        awaitHolder("a");

        // another process takes the Lease over (as after a network partition): a cannot renew
        client.leases()
                .inNamespace(client.getNamespace())
                .withName(SensorFlowOperator.LEASE)
                .edit(
                        l -> {
                            l.getSpec().setHolderIdentity("intruder");
                            l.getSpec().setLeaseDurationSeconds(600);
                            l.getSpec().setRenewTime(ZonedDateTime.now());
                            return l;
                        });
        await().atMost(Duration.ofSeconds(20)).until(() -> lostByA.get() == 1);
    }

    String holder() {
        Lease lease =
                client.leases()
                        .inNamespace(client.getNamespace())
                        .withName(SensorFlowOperator.LEASE)
                        .get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    void awaitHolder(String identity) {
        await().atMost(Duration.ofSeconds(30)).until(this::holder, identity::equals);
    }

    void awaitWindowSize(String size) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                client.resources(FlinkDeployment.class)
                                        .inNamespace(NS)
                                        .withName("greenhouse")
                                        .get(),
                        fd ->
                                fd != null
                                        && String.join(
                                                        " ",
                                                        Arrays.asList(
                                                                fd.getSpec().getJob().getArgs()))
                                                .contains("--window-size " + size));
    }

    static double reconciles(SensorFlowOperator o) {
        return o.metrics().find("operator.sdk.reconciliations.started").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
