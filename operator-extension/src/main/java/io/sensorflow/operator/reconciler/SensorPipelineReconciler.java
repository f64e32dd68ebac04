package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
        return List.of(owned(FlinkDeployment.class, context), owned(ConfigMap.class, context));
    }

    /** An informer of what the controller owns, mapped back to its pipeline. */
    private static <R extends HasMetadata> InformerEventSource<R, SensorPipeline> owned(
            Class<R> type, EventSourceContext<SensorPipeline> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(type, SensorPipeline.class)
                        .withLabelSelector("app.kubernetes.io/managed-by=" + Names.MANAGED_BY)
                        .withSecondaryToPrimaryMapper(
                                Mappers.fromOwnerReferences(SensorPipeline.class))
                        .build(),
                context);
    }

    @Override
    public UpdateControl<SensorPipeline> reconcile(
            SensorPipeline p, Context<SensorPipeline> context) {
        KubernetesClient client = context.getClient();
        EventRecorder events = new EventRecorder(client);
        Instant now = clock.instant();
        String name = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        long generation = p.getMetadata().getGeneration();
        Conditions conditions = new Conditions(generation, now);
        // read only: the status to write is a copy
        SensorPipelineStatus before =
                p.getStatus() != null ? p.getStatus() : new SensorPipelineStatus();
        SensorPipelineStatus status = copy(p.getStatus());
        status.observedGeneration = generation;
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
            conditions.set(status, Conditions.VALID, false, "InvalidSpec", message);
            conditions.set(
                    status,
                    Conditions.RECONCILED,
                    false,
                    "InvalidSpec",
                    "Not applied; the FlinkDeployment keeps the last valid spec");
            mirrorJob(p, status, liveFd, false, conditions);
            status.phase = Phase.Invalid;
            return write(p, before, status, name);
        }

        FlinkDeployment desiredFd = factory.desired(p);
        OwnedResources.Result<FlinkDeployment> fd = OwnedResources.apply(client, desiredFd, liveFd);
        ThresholdConfigMap.Desired thresholds = ThresholdConfigMap.desired(p, liveCm);
        OwnedResources.Result<ConfigMap> cm =
                OwnedResources.apply(client, thresholds.configMap(), liveCm);
        logAndRecord(p, events, name, "FlinkDeployment", fd.outcome());
        logAndRecord(p, events, name, "thresholds ConfigMap", cm.outcome());
        if (!fd.changed() && !cm.changed()) {
            LOG.info("{}: unchanged at generation {}", name, generation);
        }

        if (before.observedGeneration == null || before.observedGeneration < generation) {
            status.lastChange =
                    lastChange(status.lastChange, fd.resource(), thresholds.version(), generation);
        }
        SensorPipelineStatus.RulesState rules =
                status.rules == null ? new SensorPipelineStatus.RulesState() : status.rules;
        if (cm.changed() || rules.publishedAt == null) {
            rules.publishedAt = now.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        rules.generation = thresholds.version();
        rules.configMap = thresholds.configMap().getMetadata().getName();
        rules.summary = PipelineStatus.summary(p.getSpec().alerting.rules);
        status.rules = rules;
        status.flinkDeployment = desiredFd.getMetadata().getName();
        conditions.set(status, Conditions.VALID, true, "SpecValid", "The spec is valid");
        conditions.set(
                status,
                Conditions.RECONCILED,
                true,
                fd.changed() || cm.changed() ? "Applied" : "UpToDate",
                "FlinkDeployment and thresholds ConfigMap match generation " + generation);
        status.phase = mirrorJob(p, status, liveFd, fd.changed(), conditions);
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
            long thresholdsVersion,
            long generation) {
        SensorPipelineStatus.LastChange change = new SensorPipelineStatus.LastChange();
        change.generation = generation;
        change.flinkDeploymentGeneration = fd.getMetadata().getGeneration();
        Long before = previous == null ? null : previous.flinkDeploymentGeneration;
        if (before == null || !before.equals(change.flinkDeploymentGeneration)) {
            change.applied = "upgrade";
        } else if (thresholdsVersion == generation) {
            change.applied = "live";
        } else {
            change.applied = "none";
        }
        return change;
    }

    /** Job state from the FlinkDeployment's status, and Ready from it; returns the job's phase. */
    private static Phase mirrorJob(
            SensorPipeline p,
            SensorPipelineStatus status,
            FlinkDeployment fd,
            boolean justWritten,
            Conditions conditions) {
        status.jobStatus = PipelineStatus.jobStatus(fd);
        Phase jobPhase = PipelineStatus.phase(p, fd, justWritten);
        String error = PipelineStatus.error(fd);
        String message =
                switch (jobPhase) {
                    case Running -> "The job is running";
                    case Suspended -> "The job is suspended";
                    case Failed -> "The job failed" + (error != null ? ": " + error : "");
                    case Upgrading -> "The Flink operator is applying the new spec";
                    default -> "The Flink operator is deploying the job";
                };
        conditions.set(
                status,
                Conditions.READY,
                jobPhase == Phase.Running,
                "Job" + jobPhase.name(),
                message);
        return jobPhase;
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
            case UNCHANGED -> {
                // logged once for both objects
            }
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
        new Conditions(p.getMetadata().getGeneration(), clock.instant())
                .set(
                        status,
                        Conditions.RECONCILED,
                        false,
                        "ReconcileError",
                        String.valueOf(e.getMessage()));
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
