package io.sensorflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Counter;
import io.sensorflow.operator.config.OperatorSettings;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
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
        ApiServer.grantLeaseAccess(server);
    }

    @AfterEach
    void stopBoth() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        new Greenhouse(client, NS).deleteAll();
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

        Greenhouse greenhouse = new Greenhouse(client, NS);
        greenhouse.create();
        greenhouse.awaitFlinkDeployment(fd -> Greenhouse.hasArgs(fd, "--window-size", "10m"));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> reconciles(b) == 0);
        assertThat(reconciles(a)).isPositive();
        assertThat(holder()).isEqualTo("a");

        a.close();
        a = null;
        awaitHolder("b");
        greenhouse.edit(s -> s.window.size = "5m");
        greenhouse.awaitFlinkDeployment(fd -> Greenhouse.hasArgs(fd, "--window-size", "5m"));
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

        // another process takes the Lease over (as after a network partition): a cannot renew.
        // Like any writer of the Lease, it tries again when a's renewal got in first (409).
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsMatching(
                        e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(
                        () ->
                                client.leases()
                                                .inNamespace(client.getNamespace())
                                                .withName(SensorFlowOperator.LEASE)
                                                .edit(
                                                        l -> {
                                                            l.getSpec()
                                                                    .setHolderIdentity("intruder");
                                                            l.getSpec()
                                                                    .setLeaseDurationSeconds(600);
                                                            l.getSpec()
                                                                    .setRenewTime(
                                                                            ZonedDateTime.now());
                                                            return l;
                                                        })
                                        != null);
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

    static double reconciles(SensorFlowOperator o) {
        return o.metrics().find("operator.sdk.reconciliations.started").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
