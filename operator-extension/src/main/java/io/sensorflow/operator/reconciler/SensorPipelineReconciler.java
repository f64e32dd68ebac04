package io.sensorflow.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult.Operation;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sensorflow.api.Problem;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.Names;
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
 * <p>Validation first: an invalid spec, or one the model cannot read, changes nothing but the
 * status (Valid=False, a message that names the field), so the running job keeps its last valid
 * FlinkDeployment. Then the two owned objects are reconciled as the Java Operator SDK's dependent
 * resources, written only where their owned part differs from the desired one. How the generation
 * reached the job ({@code status.lastChange}) follows from the {@link ChangePolicy}. Status-only
 * changes of the pipeline itself do not trigger a reconciliation (generation-aware).
 */
@ControllerConfiguration(name = SensorPipelineReconciler.NAME)
public class SensorPipelineReconciler implements Reconciler<SensorPipeline> {
    public static final String NAME = "sensorpipeline";
    private static final Logger LOG = LoggerFactory.getLogger(SensorPipelineReconciler.class);

    private final FlinkDeploymentFactory factory;
    private final SpecValidator validator;
    private final FlinkDeploymentDependent flinkDeployments;
    private final ThresholdsDependent thresholds;
    private final Clock clock;

    public SensorPipelineReconciler(OperatorSettings settings, Clock clock) {
        this.factory = new FlinkDeploymentFactory(settings);
        this.validator = new SpecValidator(factory);
        this.flinkDeployments = new FlinkDeploymentDependent(factory);
        this.thresholds = new ThresholdsDependent();
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SensorPipeline>> prepareEventSources(
            EventSourceContext<SensorPipeline> context) {
        return EventSourceUtils.dependentEventSources(context, flinkDeployments, thresholds);
    }

    @Override
    public UpdateControl<SensorPipeline> reconcile(
            SensorPipeline p, Context<SensorPipeline> context) {
        EventRecorder events = new EventRecorder(context.getClient());
        Instant now = clock.instant();
        String name = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        long generation = p.getMetadata().getGeneration();
        Conditions conditions = new Conditions(generation, now);
        // read only: the status to write is a copy
        SensorPipelineStatus before =
                p.getStatus() != null ? p.getStatus() : new SensorPipelineStatus();
        SensorPipelineStatus status = copy(p.getStatus());
        status.observedGeneration = generation;
        boolean newGeneration =
                before.observedGeneration == null || before.observedGeneration < generation;

        List<Problem> problems = validator.validate(p);
        if (!problems.isEmpty()) {
            String message =
                    problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
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
            // the job runs on as the last valid spec made it; Ready says how it does
            FlinkDeployment live = context.getSecondaryResource(FlinkDeployment.class).orElse(null);
            mirrorJob(status, PipelineStatus.suspended(live), live, false, conditions);
            status.phase = Phase.Invalid;
            return write(p, before, status, name);
        }

        ReconcileResult<FlinkDeployment> fd = flinkDeployments.reconcile(p, context);
        ReconcileResult<ConfigMap> cm = thresholds.reconcile(p, context);
        FlinkDeployment liveFd = fd.getSingleResource().orElseThrow();
        boolean fdWritten = fd.getSingleOperation() != Operation.NONE;
        boolean cmWritten = cm.getSingleOperation() != Operation.NONE;
        logAndRecord(p, events, name, "FlinkDeployment", fd.getSingleOperation());
        logAndRecord(p, events, name, "thresholds ConfigMap", cm.getSingleOperation());

        JsonNode applied = AppliedSpec.of(p, factory);
        if (newGeneration) {
            status.lastChange =
                    ChangeReport.of(
                            generation,
                            AppliedSpec.read(before.appliedSpec),
                            applied,
                            new ChangeReport.Written(
                                    fdWritten, cmWritten, liveFd.getMetadata().getGeneration()));
            if (!fdWritten && !cmWritten) {
                LOG.info(
                        "{}: generation {} changes nothing to write ({})",
                        name,
                        generation,
                        status.lastChange.applied);
            }
        } else if (!fdWritten && !cmWritten) {
            LOG.debug("{}: unchanged at generation {}", name, generation);
        }
        status.appliedSpec = applied.toString();

        SensorPipelineStatus.RulesState rules =
                status.rules == null ? new SensorPipelineStatus.RulesState() : status.rules;
        if (cmWritten || rules.publishedAt == null || rules.generation == null) {
            // the published version moves only when the ConfigMap is written
            rules.publishedAt = now.truncatedTo(ChronoUnit.SECONDS).toString();
            rules.generation =
                    ThresholdConfigMap.published(cm.getSingleResource().orElseThrow()).version();
        }
        rules.configMap = Names.thresholdsConfigMap(p);
        rules.summary = PipelineStatus.summary(p.getSpec().alerting.toRules());
        status.rules = rules;
        status.flinkDeployment = Names.flinkDeployment(p);
        status.readStore = p.getSpec().readStore == null ? null : p.getSpec().readStore.url;
        conditions.set(status, Conditions.VALID, true, "SpecValid", "The spec is valid");
        conditions.set(
                status,
                Conditions.RECONCILED,
                true,
                fdWritten || cmWritten ? "Applied" : "UpToDate",
                "FlinkDeployment and thresholds ConfigMap match generation " + generation);
        status.phase = mirrorJob(status, p.getSpec().suspend, liveFd, fdWritten, conditions);
        return write(p, before, status, name);
    }

    /** The job's state and Ready from the FlinkDeployment; returns the job's phase. */
    private static Phase mirrorJob(
            SensorPipelineStatus status,
            boolean suspend,
            FlinkDeployment fd,
            boolean justWritten,
            Conditions conditions) {
        status.jobStatus = PipelineStatus.jobStatus(fd);
        Phase phase = PipelineStatus.phase(suspend, fd, justWritten);
        conditions.set(
                status,
                Conditions.READY,
                phase == Phase.Running,
                "Job" + phase.name(),
                PipelineStatus.readiness(phase, fd));
        return phase;
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
            SensorPipeline p, EventRecorder events, String name, String what, Operation op) {
        switch (op) {
            case CREATED -> {
                LOG.info("{}: created {}", name, what);
                events.normal(p, "Created", "Created the " + what);
            }
            case UPDATED -> {
                LOG.info("{}: updated {}", name, what);
                events.normal(p, "Updated", "Updated the " + what);
            }
            default -> {}
        }
    }

    @Override
    public ErrorStatusUpdateControl<SensorPipeline> updateErrorStatus(
            SensorPipeline p, Context<SensorPipeline> context, Exception e) {
        LOG.warn(
                "{}/{}: reconciliation failed, will retry: {}",
                p.getMetadata().getNamespace(),
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
