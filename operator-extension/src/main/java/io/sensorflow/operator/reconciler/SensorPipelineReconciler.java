package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
import io.sensorflow.operator.reconciler.OwnedResources.Outcome;
import io.sensorflow.operator.rules.ThresholdConfigMap;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, for each SensorPipeline, one FlinkDeployment and one thresholds ConfigMap in line with its
 * spec, and reports in its status what the Flink operator reports of the job.
 *
 * <p>Validation first: an invalid spec changes nothing but the status (Valid=False, a message that
 * names the field), so the running job keeps its last valid FlinkDeployment. Then the desired
 * objects, computed from the spec alone, are written only where they differ from the live ones; the
 * FlinkDeployment and ConfigMap informers bring the Flink operator's status changes back here.
 * Status-only changes of the pipeline itself do not trigger a reconciliation (generation-aware).
 */
@ControllerConfiguration(name = SensorPipelineReconciler.NAME)
public class SensorPipelineReconciler implements Reconciler<SensorPipeline> {
    public static final String NAME = "sensorpipeline";
    private static final Logger LOG = LoggerFactory.getLogger(SensorPipelineReconciler.class);

    private final FlinkDeploymentFactory factory;
    private final SpecValidator validator;
    private final Clock clock;

    public SensorPipelineReconciler(OperatorSettings settings, Clock clock) {
        this.factory = new FlinkDeploymentFactory(settings);
        this.validator = new SpecValidator(factory);
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SensorPipeline>> prepareEventSources(
            EventSourceContext<SensorPipeline> context) {
        String ours = "app.kubernetes.io/managed-by=" + Names.MANAGED_BY;
        return List.of(
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        FlinkDeployment.class, SensorPipeline.class)
                                .withLabelSelector(ours)
                                .withSecondaryToPrimaryMapper(
                                        Mappers.fromOwnerReferences(SensorPipeline.class))
                                .build(),
                        context),
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(ConfigMap.class, SensorPipeline.class)
                                .withLabelSelector(ours)
                                .withSecondaryToPrimaryMapper(
                                        Mappers.fromOwnerReferences(SensorPipeline.class))
                                .build(),
                        context));
    }

    @Override
    public UpdateControl<SensorPipeline> reconcile(
            SensorPipeline p, Context<SensorPipeline> context) {
        KubernetesClient client = context.getClient();
        EventRecorder events = new EventRecorder(client);
        Instant now = clock.instant();
        String name = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        long generation = p.getMetadata().getGeneration();
        SensorPipelineStatus before = copy(p.getStatus());
        SensorPipelineStatus status = copy(p.getStatus());
        FlinkDeployment liveFd = context.getSecondaryResource(FlinkDeployment.class).orElse(null);
        ConfigMap liveCm = context.getSecondaryResource(ConfigMap.class).orElse(null);

        List<SpecValidator.Problem> problems = validator.validate(p);
        if (!problems.isEmpty()) {
            String message =
                    problems.stream().map(Object::toString).collect(Collectors.joining("; "));
            var previous = Conditions.find(status.conditions, Conditions.VALID);
            if (previous == null || !message.equals(previous.getMessage())) {
                LOG.warn("{}: invalid, FlinkDeployment left as it is: {}", name, message);
                events.warning(p, "InvalidSpec", message);
            }
            status.phase = Phase.Invalid;
            status.observedGeneration = generation;
            status.conditions =
                    Conditions.set(
                            status.conditions,
                            Conditions.VALID,
                            false,
                            "InvalidSpec",
                            message,
                            generation,
                            now);
            status.conditions =
                    Conditions.set(
                            status.conditions,
                            Conditions.RECONCILED,
                            false,
                            "InvalidSpec",
                            "Not applied; the FlinkDeployment keeps the last valid spec",
                            generation,
                            now);
            mirrorJob(p, status, liveFd, false, generation, now);
            return write(p, before, status, name);
        }

        FlinkDeployment desiredFd = factory.desired(p);
        OwnedResources.Result<FlinkDeployment> fd = OwnedResources.apply(client, desiredFd, liveFd);
        ConfigMap desiredCm = ThresholdConfigMap.desired(p, liveCm);
        OwnedResources.Result<ConfigMap> cm = OwnedResources.apply(client, desiredCm, liveCm);
        logAndRecord(p, events, name, "FlinkDeployment", fd.outcome());
        logAndRecord(p, events, name, "thresholds ConfigMap", cm.outcome());

        Long version = ThresholdConfigMap.versionOf(desiredCm);
        boolean newGeneration =
                status.observedGeneration == null || status.observedGeneration < generation;
        if (newGeneration) {
            status.lastChange = lastChange(status.lastChange, fd.resource(), version, generation);
        }
        SensorPipelineStatus.RulesState rules =
                status.rules == null ? new SensorPipelineStatus.RulesState() : status.rules;
        if (cm.changed() || rules.publishedAt == null) {
            rules.publishedAt = now.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        rules.generation = version;
        rules.configMap = desiredCm.getMetadata().getName();
        rules.summary = PipelineStatus.summary(p.getSpec().alerting.rules);
        status.rules = rules;
        status.flinkDeployment = desiredFd.getMetadata().getName();
        status.observedGeneration = generation;
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.VALID,
                        true,
                        "SpecValid",
                        "The spec is valid",
                        generation,
                        now);
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.RECONCILED,
                        true,
                        fd.changed() || cm.changed() ? "Applied" : "UpToDate",
                        "FlinkDeployment and thresholds ConfigMap match generation " + generation,
                        generation,
                        now);
        status.phase = PipelineStatus.phase(p, liveFd, fd.changed());
        mirrorJob(p, status, liveFd, fd.changed(), generation, now);
        return write(p, before, status, name);
    }

    /**
     * How a new generation reached the job. Read off the objects rather than off what this
     * reconciliation wrote, so that a retry after a partial failure tells the same story: the
     * FlinkDeployment's generation moved (the Flink operator upgrades the job), or else the
     * thresholds took this generation as their version (applied live), or neither.
     */
    private static SensorPipelineStatus.LastChange lastChange(
            SensorPipelineStatus.LastChange previous,
            FlinkDeployment fd,
            Long thresholdsVersion,
            long generation) {
        SensorPipelineStatus.LastChange change = new SensorPipelineStatus.LastChange();
        change.generation = generation;
        change.flinkDeploymentGeneration = fd.getMetadata().getGeneration();
        Long before = previous == null ? null : previous.flinkDeploymentGeneration;
        if (before == null || !before.equals(change.flinkDeploymentGeneration)) {
            change.applied = "upgrade";
        } else if (thresholdsVersion != null && thresholdsVersion == generation) {
            change.applied = "live";
        } else {
            change.applied = "none";
        }
        return change;
    }

    /** Job state from the FlinkDeployment's status, and Ready from it. */
    private void mirrorJob(
            SensorPipeline p,
            SensorPipelineStatus status,
            FlinkDeployment fd,
            boolean justWritten,
            long generation,
            Instant now) {
        status.jobStatus = PipelineStatus.jobStatus(fd);
        Phase jobPhase = PipelineStatus.phase(p, fd, justWritten);
        boolean ready = jobPhase == Phase.Running;
        String error = PipelineStatus.error(fd);
        String message =
                switch (jobPhase) {
                    case Running -> "The job is running";
                    case Suspended -> "The job is suspended";
                    case Failed -> "The job failed" + (error != null ? ": " + error : "");
                    case Upgrading -> "The Flink operator is applying the new spec";
                    default -> "The Flink operator is deploying the job";
                };
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.READY,
                        ready,
                        "Job" + jobPhase.name(),
                        message,
                        generation,
                        now);
    }

    private UpdateControl<SensorPipeline> write(
            SensorPipeline p,
            SensorPipelineStatus before,
            SensorPipelineStatus after,
            String name) {
        if (Serialization.asJson(before).equals(Serialization.asJson(after))) {
            return UpdateControl.noUpdate();
        }
        if (before.phase != after.phase) {
            LOG.info("{}: phase {} -> {}", name, before.phase, after.phase);
        }
        return UpdateControl.patchStatus(withStatus(p, after));
    }

    private static void logAndRecord(
            SensorPipeline p, EventRecorder events, String name, String what, Outcome outcome) {
        switch (outcome) {
            case CREATED -> {
                LOG.info("{}: created {}", name, what);
                events.normal(p, "Created", "Created the " + what);
            }
            case UPDATED -> {
                LOG.info("{}: updated {}", name, what);
                events.normal(p, "Updated", "Updated the " + what);
            }
            case UNCHANGED -> LOG.debug("{}: {} unchanged", name, what);
        }
    }

    @Override
    public ErrorStatusUpdateControl<SensorPipeline> updateErrorStatus(
            SensorPipeline p, Context<SensorPipeline> context, Exception e) {
        LOG.warn(
                "{}: reconciliation failed, will retry: {}",
                p.getMetadata().getName(),
                e.toString());
        SensorPipelineStatus status = copy(p.getStatus());
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.RECONCILED,
                        false,
                        "ReconcileError",
                        String.valueOf(e.getMessage()),
                        p.getMetadata().getGeneration(),
                        clock.instant());
        return ErrorStatusUpdateControl.patchStatus(withStatus(p, status));
    }

    /** A copy of the pipeline with this status: the spec as read, never written back. */
    private static SensorPipeline withStatus(SensorPipeline p, SensorPipelineStatus status) {
        SensorPipeline copy = Serialization.clone(p);
        copy.setStatus(status);
        return copy;
    }

    private static SensorPipelineStatus copy(SensorPipelineStatus s) {
        return s == null
                ? new SensorPipelineStatus()
                : Serialization.jsonMapper().convertValue(s, SensorPipelineStatus.class);
    }
}
