package io.sensorflow.operator.flink;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.KubernetesDeploymentMode;
import org.apache.flink.kubernetes.operator.api.spec.Resource;
import org.apache.flink.kubernetes.operator.api.spec.TaskManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;

/**
 * The FlinkDeployment a pipeline should have: a pure function of the (valid) SensorPipeline and the
 * controller's settings, so the same input always gives the same object, byte for byte.
 */
public final class FlinkDeploymentFactory {
    public static final String JAR_URI = "local:///opt/flink/usrlib/sensorflow-job.jar";
    public static final String ENTRY_CLASS = "io.sensorflow.job.SensorFlowJob";

    /** The Flink operator's name for the container that runs Flink in its pod templates. */
    static final String MAIN_CONTAINER = "flink-main-container";

    private final OperatorSettings settings;

    public FlinkDeploymentFactory(OperatorSettings settings) {
        this.settings = settings;
    }

    /** Where the pipeline's checkpoints, savepoints and HA metadata go, or null if nowhere. */
    public String storageDir(SensorPipeline p) {
        String dir = p.getSpec().checkpointing.storageDir;
        if (dir != null) {
            return OperatorSettings.stripSlash(dir);
        }
        if (settings.stateDir() == null) {
            return null;
        }
        return settings.stateDir()
                + "/"
                + p.getMetadata().getNamespace()
                + "/"
                + p.getMetadata().getName();
    }

    /** The job's image: the pipeline's own, or the controller's default. */
    public String image(SensorPipeline p) {
        return p.getSpec().image != null ? p.getSpec().image : settings.jobImage();
    }

    public FlinkDeployment desired(SensorPipeline p) {
        SensorPipelineSpec s = p.getSpec();
        FlinkDeployment fd = new FlinkDeployment();
        fd.setMetadata(metadata(p));
        fd.setStatus(null); // the Flink operator's to write; a default one would be sent along

        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        spec.setImage(image(p));
        spec.setFlinkVersion(FlinkVersion.v1_20);
        spec.setMode(KubernetesDeploymentMode.NATIVE);
        spec.setServiceAccount(Names.JOB_SERVICE_ACCOUNT);
        spec.setFlinkConfiguration(FlinkSettings.of(s, storageDir(p)));

        JobManagerSpec jm = new JobManagerSpec();
        jm.setResource(resource(s.jobManager.cpu, s.jobManager.memory));
        jm.setReplicas(s.highAvailability ? 2 : 1); // a standby takes over at once
        spec.setJobManager(jm);
        TaskManagerSpec tm = new TaskManagerSpec();
        tm.setResource(resource(s.taskManager.cpu, s.taskManager.memory));
        spec.setTaskManager(tm);
        PodTemplateSpec secrets = secretMounts(s);
        if (secrets != null) {
            spec.setPodTemplate(secrets);
        }

        JobSpec job = new JobSpec();
        job.setJarURI(JAR_URI);
        job.setEntryClass(ENTRY_CLASS);
        job.setArgs(JobArguments.of(p).toArray(new String[0]));
        job.setParallelism(s.parallelism);
        job.setUpgradeMode(upgradeMode(s));
        job.setState(s.suspend ? JobState.SUSPENDED : JobState.RUNNING);
        // A new window size or rule shape leaves savepoint state the new job has no operator
        // for; only that state may be dropped (found out by the job's UpgradeRestoreTest).
        job.setAllowNonRestoredState(true);
        spec.setJob(job);
        fd.setSpec(spec);
        return fd;
    }

    static ObjectMeta metadata(SensorPipeline p) {
        return new ObjectMetaBuilder()
                .withName(Names.flinkDeployment(p))
                .withNamespace(p.getMetadata().getNamespace())
                .withLabels(Names.labels(p))
                .withOwnerReferences(ownerReference(p))
                .build();
    }

    /** Makes the pipeline the controlling owner: deleting it deletes what it owns. */
    public static OwnerReference ownerReference(SensorPipeline p) {
        return new OwnerReferenceBuilder()
                .withApiVersion(p.getApiVersion())
                .withKind(p.getKind())
                .withName(p.getMetadata().getName())
                .withUid(p.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static Resource resource(Double cpu, String memory) {
        Resource r = new Resource();
        r.setCpu(cpu);
        r.setMemory(memory);
        return r;
    }

    private static UpgradeMode upgradeMode(SensorPipelineSpec s) {
        return switch (s.upgradeMode) {
            case SAVEPOINT -> UpgradeMode.SAVEPOINT;
            case LAST_STATE -> UpgradeMode.LAST_STATE;
            case STATELESS -> UpgradeMode.STATELESS;
        };
    }

    /**
     * The credential Secrets as files where the job reads them: Kafka's, one file per client
     * property; the read store's, its username and password. Null when there are none.
     */
    private static PodTemplateSpec secretMounts(SensorPipelineSpec s) {
        ContainerBuilder main = new ContainerBuilder().withName(MAIN_CONTAINER);
        List<Volume> volumes = new ArrayList<>();
        if (s.kafka.credentialsSecret != null) {
            mount(
                    main,
                    volumes,
                    "kafka-client",
                    s.kafka.credentialsSecret,
                    JobArguments.KAFKA_PROPERTIES_DIR);
        }
        if (s.readStore != null && s.readStore.credentialsSecret != null) {
            mount(
                    main,
                    volumes,
                    "read-store",
                    s.readStore.credentialsSecret,
                    JobArguments.READ_STORE_CREDENTIALS_DIR);
        }
        if (volumes.isEmpty()) {
            return null;
        }
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                .addToContainers(main.build())
                .addAllToVolumes(volumes)
                .endSpec()
                .build();
    }

    private static void mount(
            ContainerBuilder container,
            List<Volume> volumes,
            String name,
            String secret,
            String path) {
        container
                .addNewVolumeMount()
                .withName(name)
                .withMountPath(path)
                .withReadOnly(true)
                .endVolumeMount();
        volumes.add(
                new VolumeBuilder()
                        .withName(name)
                        .withNewSecret()
                        .withSecretName(secret)
                        .endSecret()
                        .build());
    }
}
