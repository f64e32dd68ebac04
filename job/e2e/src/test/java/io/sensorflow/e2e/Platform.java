package io.sensorflow.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sensorflow.job.SensorFlowJob;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.MockApiServer;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.job.testing.Postgres;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.config.Leadership;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.KafkaSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The platform as a cluster runs it, minus the cluster: fabric8's mock API server, the controller
 * on it, and a kubeconfig through which a job started here finds the same API server. The Flink
 * operator's part, starting the job from the FlinkDeployment, is {@link #startJob}.
 */
public final class Platform implements AutoCloseable {
    public static final String NS = "plant";
    public static final String NAME = "greenhouse";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final SensorFlowOperator controller;

    public Platform(Path dir) throws IOException {
        server = MockApiServer.crud();
        server.init();
        client = server.createClient().adapt(KubernetesClient.class);
        controller =
                SensorFlowOperator.start(
                        client,
                        new OperatorSettings(
                                List.of(),
                                "sensorflow/sensorflow-job:0.1.0",
                                dir.toUri().toString(),
                                false,
                                0),
                        new Leadership(
                                "e2e",
                                Duration.ofSeconds(15),
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(2)),
                        () -> {});
        // The job finds the API server as any client outside a cluster does: a kubeconfig.
        Path kubeconfig =
                MockApiServer.kubeconfig(
                        dir.resolve("kubeconfig"), client.getMasterUrl().toString(), NS);
        System.setProperty("kubeconfig", kubeconfig.toString());
    }

    public KubernetesClient client() {
        return client;
    }

    /** A Secret with the test PostgreSQL's login, as a user would make for spec.readStore. */
    public void createReadStoreSecret(String name) {
        client.resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(NS)
                                .endMetadata()
                                .addToStringData("username", Postgres.USER)
                                .addToStringData("password", Postgres.PASSWORD)
                                .build())
                .create();
    }

    /**
     * A pipeline on these topics of the test broker, with this window and one-second checkpoints.
     */
    public static SensorPipeline pipeline(KafkaBroker kafka, PipelineTopics topics, String window) {
        SensorPipeline p = new SensorPipeline();
        p.getMetadata().setName(NAME);
        p.getMetadata().setNamespace(NS);
        SensorPipelineSpec s = new SensorPipelineSpec();
        s.kafka = new KafkaSpec();
        s.kafka.bootstrapServers = kafka.bootstrapServers();
        s.kafka.topics.temperature = topics.temperature();
        s.kafka.topics.humidity = topics.humidity();
        s.kafka.topics.averages = topics.averages();
        s.kafka.topics.alerts = topics.alerts();
        s.kafka.topics.deadLetter = topics.deadLetter();
        s.kafka.consumerGroup = "group-" + topics.averages();
        s.window.size = window;
        s.checkpointing.interval = "1s";
        p.setSpec(s);
        return p;
    }

    /** The job as the Flink operator starts it: the FlinkDeployment's arguments and parallelism. */
    public static JobClient startJob(StreamExecutionEnvironment env, FlinkDeployment fd)
            throws Exception {
        env.setParallelism(fd.getSpec().getJob().getParallelism());
        SensorFlowJob.build(env, JobOptions.parse(fd.getSpec().getJob().getArgs()));
        return env.executeAsync(fd.getMetadata().getName());
    }

    /**
     * The job as the Flink operator starts it, with the Secrets its pod template mounts written
     * where a kubelet would put them: each mount path becomes a local directory holding one file
     * per key of the Secret, read from the API server.
     */
    public JobClient startJobWithMounts(
            StreamExecutionEnvironment env, FlinkDeployment fd, Path mounts) throws Exception {
        String[] args = fd.getSpec().getJob().getArgs().clone();
        var pod = fd.getSpec().getPodTemplate().getSpec();
        for (var mount : pod.getContainers().get(0).getVolumeMounts()) {
            String secretName =
                    pod.getVolumes().stream()
                            .filter(v -> v.getName().equals(mount.getName()))
                            .findFirst()
                            .orElseThrow()
                            .getSecret()
                            .getSecretName();
            Secret secret = client.secrets().inNamespace(NS).withName(secretName).get();
            Path dir = Files.createDirectories(mounts.resolve(mount.getName()));
            // a real API server turns stringData into data; the mock one keeps it as written
            if (secret.getData() != null) {
                for (var e : secret.getData().entrySet()) {
                    Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
                }
            }
            if (secret.getStringData() != null) {
                for (var e : secret.getStringData().entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue());
                }
            }
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals(mount.getMountPath())) {
                    args[i] = dir.toString();
                }
            }
        }
        env.setParallelism(fd.getSpec().getJob().getParallelism());
        SensorFlowJob.build(env, JobOptions.parse(args));
        return env.executeAsync(fd.getMetadata().getName());
    }

    /**
     * A user's edit of the pipeline's spec; returns the new generation. Like `kubectl edit`, it
     * carries the resourceVersion it read, and re-reads and re-applies after a 409 Conflict (the
     * controller may have written the status in between).
     */
    public long editSpec(Consumer<SensorPipelineSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(SensorPipeline.class)
                        .inNamespace(NS)
                        .withName(NAME)
                        .edit(
                                p -> {
                                    change.accept(p.getSpec());
                                    return p;
                                })
                        .getMetadata()
                        .getGeneration();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public FlinkDeployment flinkDeployment() {
        return client.resources(FlinkDeployment.class).inNamespace(NS).withName(NAME).get();
    }

    public FlinkDeployment awaitFlinkDeployment(Predicate<FlinkDeployment> condition) {
        return await().atMost(Duration.ofSeconds(30))
                .until(this::flinkDeployment, d -> d != null && condition.test(d));
    }

    public static boolean hasArgs(FlinkDeployment fd, String... sequence) {
        return String.join(" ", Arrays.asList(fd.getSpec().getJob().getArgs()))
                .contains(String.join(" ", sequence));
    }

    public ConfigMap thresholds() {
        return client.configMaps().inNamespace(NS).withName(NAME + "-thresholds").get();
    }

    public SensorPipeline awaitObservedGeneration(long generation) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                client.resources(SensorPipeline.class)
                                        .inNamespace(NS)
                                        .withName(NAME)
                                        .get(),
                        p ->
                                p.getStatus() != null
                                        && p.getStatus().observedGeneration != null
                                        && p.getStatus().observedGeneration == generation);
    }

    @Override
    public void close() {
        controller.close();
        client.close();
        server.destroy();
        System.clearProperty("kubeconfig");
    }
}
