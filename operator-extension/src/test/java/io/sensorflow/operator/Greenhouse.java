package io.sensorflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * The test pipeline "greenhouse" ({@link Pipelines#greenhouse}) in one namespace, as a user and the
 * tests see it: edited through its spec, watched through its status and what it owns. Every
 * FlinkDeployment read here must fit the Flink operator's CRD schema.
 */
public record Greenhouse(KubernetesClient client, String namespace) {
    public static final String NAME = "greenhouse";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    public SensorPipeline create() {
        return client.resource(Pipelines.greenhouse(namespace)).create();
    }

    public SensorPipeline get() {
        return client.resources(SensorPipeline.class).inNamespace(namespace).withName(NAME).get();
    }

    /**
     * A user's edit of the spec. Like `kubectl edit`, it carries the resourceVersion it read, so a
     * status the controller writes in between makes it fail with 409 Conflict; like a user, it then
     * reads again and re-applies the change.
     */
    public void edit(Consumer<SensorPipelineSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(SensorPipeline.class)
                        .inNamespace(namespace)
                        .withName(NAME)
                        .edit(
                                p -> {
                                    change.accept(p.getSpec());
                                    return p;
                                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public SensorPipeline awaitStatus(Predicate<SensorPipeline> condition) {
        return await().atMost(PATIENCE)
                .until(this::get, p -> p != null && p.getStatus() != null && condition.test(p));
    }

    public SensorPipeline awaitObservedGeneration(long generation) {
        return awaitStatus(
                p ->
                        p.getStatus().observedGeneration != null
                                && p.getStatus().observedGeneration == generation);
    }

    public FlinkDeployment flinkDeployment() {
        return client.resources(FlinkDeployment.class).inNamespace(namespace).withName(NAME).get();
    }

    /** The FlinkDeployment once it exists and satisfies the condition. */
    public FlinkDeployment awaitFlinkDeployment(Predicate<FlinkDeployment> condition) {
        FlinkDeployment fd =
                await().atMost(PATIENCE)
                        .until(this::flinkDeployment, d -> d != null && condition.test(d));
        assertThat(CrdSchemas.FLINK_DEPLOYMENTS.problems(withoutStatus(fd))).isEmpty();
        return fd;
    }

    public FlinkDeployment awaitFlinkDeployment() {
        return awaitFlinkDeployment(d -> true);
    }

    public ConfigMap thresholds() {
        return client.configMaps().inNamespace(namespace).withName(NAME + "-thresholds").get();
    }

    public ConfigMap awaitThresholds(Predicate<ConfigMap> condition) {
        return await().atMost(PATIENCE)
                .until(this::thresholds, c -> c != null && condition.test(c));
    }

    /** Whether the job's arguments contain these in a row, e.g. "--window-size", "5m". */
    public static boolean hasArgs(FlinkDeployment fd, String... sequence) {
        return String.join(" ", Arrays.asList(fd.getSpec().getJob().getArgs()))
                .contains(String.join(" ", sequence));
    }

    /** What the controller writes: the status is the Flink operator's. */
    public static FlinkDeployment withoutStatus(FlinkDeployment live) {
        FlinkDeployment fd = Serialization.clone(live);
        fd.setStatus(null);
        return fd;
    }

    public void deleteAll() {
        client.resources(SensorPipeline.class).inNamespace(namespace).delete();
        client.resources(FlinkDeployment.class).inNamespace(namespace).delete();
        client.configMaps().inNamespace(namespace).delete();
    }
}
