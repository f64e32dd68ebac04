package io.sensorflow.operator.reconciler;

import io.sensorflow.operator.crd.Metric;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.lifecycle.ResourceLifecycleState;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;

/**
 * Reads the pipeline's phase and readiness off its FlinkDeployment, as the Flink operator left it.
 */
final class PipelineStatus {
    private PipelineStatus() {}

    /** The phase of a valid pipeline, given its FlinkDeployment and whether we just changed it. */
    static Phase phase(SensorPipeline p, FlinkDeployment fd, boolean justWritten) {
        FlinkDeploymentStatus s = fd == null ? null : fd.getStatus();
        ResourceLifecycleState lifecycle = s == null ? null : s.getLifecycleState();
        String job = jobState(fd);
        if (fd == null || s == null) {
            return Phase.Deploying;
        }
        if (lifecycle == ResourceLifecycleState.FAILED || "FAILED".equals(job)) {
            return Phase.Failed;
        }
        if (p.getSpec().suspend) {
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

    /** The Flink operator's error, when it reports one. */
    static String error(FlinkDeployment fd) {
        return fd == null || fd.getStatus() == null ? null : fd.getStatus().getError();
    }

    /** The rules in short for `kubectl get sp`, e.g. {@code overheat:temperature>30}. */
    static String summary(List<RuleSpec> rules) {
        String text =
                rules.stream()
                        .map(
                                r ->
                                        r.name
                                                + ":"
                                                + r.metric.wireName()
                                                + (r.above != null ? ">" : "<")
                                                + Metric.fmt(r.threshold())
                                                + (r.consecutiveWindows > 1
                                                        ? "x" + r.consecutiveWindows
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
