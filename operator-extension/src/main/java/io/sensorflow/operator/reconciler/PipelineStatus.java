package io.sensorflow.operator.reconciler;

import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.lifecycle.ResourceLifecycleState;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;

/**
 * Reads the pipeline's phase and readiness off its FlinkDeployment, as the Flink operator left it.
 */
final class PipelineStatus {
    private PipelineStatus() {}

    /**
     * The phase of a valid pipeline, given whether its spec asks for a suspended job, its
     * FlinkDeployment as the Flink operator reports it, and whether we just changed that.
     */
    static Phase phase(boolean suspend, FlinkDeployment fd, boolean justWritten) {
        FlinkDeploymentStatus s = fd == null ? null : fd.getStatus();
        ResourceLifecycleState lifecycle = s == null ? null : s.getLifecycleState();
        String job = jobState(fd);
        if (fd == null || s == null) {
            return Phase.Deploying;
        }
        if (lifecycle == ResourceLifecycleState.FAILED || "FAILED".equals(job)) {
            return Phase.Failed;
        }
        if (suspend) {
            return lifecycle == ResourceLifecycleState.SUSPENDED
                    ? Phase.Suspended
                    : Phase.Upgrading;
        }
        Long reconciled = s.getObservedGeneration(); // the generation the Flink operator acted on
        boolean caughtUp =
                !justWritten
                        && reconciled != null
                        && reconciled >= fd.getMetadata().getGeneration();
        if (!caughtUp || lifecycle == ResourceLifecycleState.UPGRADING) {
            return lifecycle == null || lifecycle == ResourceLifecycleState.CREATED
                    ? Phase.Deploying
                    : Phase.Upgrading;
        }
        if ("RUNNING".equals(job)
                && (lifecycle == ResourceLifecycleState.STABLE
                        || lifecycle == ResourceLifecycleState.DEPLOYED)) {
            return Phase.Running;
        }
        return Phase.Deploying;
    }

    /** Whether the FlinkDeployment asks for a suspended job. */
    static boolean suspended(FlinkDeployment fd) {
        return fd != null
                && fd.getSpec() != null
                && fd.getSpec().getJob() != null
                && fd.getSpec().getJob().getState() == JobState.SUSPENDED;
    }

    static SensorPipelineStatus.JobState jobStatus(FlinkDeployment fd) {
        if (fd == null || fd.getStatus() == null) {
            return null;
        }
        SensorPipelineStatus.JobState j = new SensorPipelineStatus.JobState();
        j.state = jobState(fd);
        j.jobId =
                fd.getStatus().getJobStatus() == null
                        ? null
                        : fd.getStatus().getJobStatus().getJobId();
        ResourceLifecycleState lifecycle = fd.getStatus().getLifecycleState();
        j.lifecycleState = lifecycle == null ? null : lifecycle.name();
        return j.state == null && j.jobId == null && j.lifecycleState == null ? null : j;
    }

    /** The Ready condition's message for a valid pipeline in this phase. */
    static String readiness(Phase phase, FlinkDeployment fd) {
        String error = fd == null || fd.getStatus() == null ? null : fd.getStatus().getError();
        return switch (phase) {
            case Running -> "The job is running";
            case Suspended -> "The job is suspended";
            case Failed -> "The job failed" + (error != null ? ": " + error : "");
            case Upgrading -> "The Flink operator is applying the new spec";
            default -> "The Flink operator is deploying the job";
        };
    }

    /** The rules in short for `kubectl get sp`, e.g. {@code overheat:temperature>30}. */
    static String summary(List<Rule> rules) {
        String text =
                rules.stream()
                        .map(
                                r ->
                                        r.name()
                                                + ":"
                                                + r.metric().wireName()
                                                + r.direction().symbol()
                                                + Metric.plain(r.threshold())
                                                + (r.consecutiveWindows() > 1
                                                        ? "x" + r.consecutiveWindows()
                                                        : ""))
                        .collect(Collectors.joining(","));
        return text.length() <= 60 ? text : rules.size() + " rules";
    }

    private static String jobState(FlinkDeployment fd) {
        if (fd == null || fd.getStatus() == null || fd.getStatus().getJobStatus() == null) {
            return null;
        }
        var state = fd.getStatus().getJobStatus().getState();
        return state == null ? null : state.name();
    }
}
