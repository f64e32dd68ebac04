package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.lifecycle.ResourceLifecycleState;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationState;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The phase read off a FlinkDeployment as the Flink operator reports it: no API server. */
class PipelineStatusTest {

    @Test
    void withoutAFlinkDeploymentOrItsStatusTheJobIsBeingDeployed() {
        assertThat(PipelineStatus.phase(false, null, false)).isEqualTo(Phase.Deploying);
        FlinkDeployment fd = flinkDeployment(5);
        fd.setStatus(null);
        assertThat(PipelineStatus.phase(false, fd, false)).isEqualTo(Phase.Deploying);
        assertThat(PipelineStatus.jobStatus(fd)).isNull();
    }

    /**
     * suspend | lifecycle | job | observed generation (of 5) | just written | phase. The lifecycle
     * states are the Flink operator's, reached the way it reaches them (see {@link #status}).
     */
    @ParameterizedTest(name = "{0} {1} {2} observed {3} written {4} -> {5}")
    @CsvSource({
        "false, CREATED,   ,          , false, Deploying",
        "false, DEPLOYED,  RECONCILING, 5, false, Deploying",
        "false, DEPLOYED,  RUNNING,   5, false, Running",
        "false, STABLE,    RUNNING,   5, false, Running",
        "false, STABLE,    RUNNING,   5, true,  Upgrading",
        "false, STABLE,    RUNNING,   4, false, Upgrading",
        "false, UPGRADING, RUNNING,   5, false, Upgrading",
        "false, CREATED,   ,          4, false, Deploying",
        "false, FAILED,    ,          5, false, Failed",
        "false, STABLE,    FAILED,    5, false, Failed",
        "true,  STABLE,    RUNNING,   5, false, Upgrading",
        "true,  SUSPENDED, SUSPENDED, 5, false, Suspended",
        "true,  STABLE,    FAILED,    5, false, Failed",
        "false, SUSPENDED, SUSPENDED, 5, false, Deploying",
    })
    void phaseFromTheFlinkOperatorsReport(
            boolean suspend,
            ResourceLifecycleState lifecycle,
            JobStatus job,
            Long observed,
            boolean justWritten,
            Phase expected) {
        FlinkDeployment fd = flinkDeployment(5);
        FlinkDeploymentStatus status = status(fd, lifecycle);
        if (job != null) {
            status.getJobStatus().setState(job);
        }
        status.setObservedGeneration(observed);
        fd.setStatus(status);
        assertThat(PipelineStatus.phase(suspend, fd, justWritten)).isEqualTo(expected);
    }

    @Test
    void theJobStatusIsMirroredAndTheFlinkOperatorsErrorIsQuoted() {
        FlinkDeployment fd = flinkDeployment(2);
        FlinkDeploymentStatus status = status(fd, ResourceLifecycleState.STABLE);
        status.getJobStatus().setState(JobStatus.FAILED);
        status.getJobStatus().setJobId("abc");
        status.setError("TaskManager lost");
        fd.setStatus(status);
        var mirrored = PipelineStatus.jobStatus(fd);
        assertThat(mirrored.state).isEqualTo("FAILED");
        assertThat(mirrored.jobId).isEqualTo("abc");
        assertThat(mirrored.lifecycleState).isEqualTo("FAILED");
        assertThat(PipelineStatus.readiness(Phase.Failed, fd))
                .isEqualTo("The job failed: TaskManager lost");
    }

    @Test
    void aFlinkDeploymentAsksForASuspendedJobThroughItsJobState() {
        FlinkDeployment fd = flinkDeployment(1);
        assertThat(PipelineStatus.suspended(fd)).isFalse();
        fd.getSpec().getJob().setState(JobState.SUSPENDED);
        assertThat(PipelineStatus.suspended(fd)).isTrue();
        assertThat(PipelineStatus.suspended(null)).isFalse();
    }

    @Test
    void theRulesInShortFitKubectlsColumn() {
        Rule overheat = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, 30.0, 1);
        Rule dry = new Rule("dry", Metric.HUMIDITY, Direction.BELOW, 40.5, 2);
        assertThat(PipelineStatus.summary(List.of(overheat, dry)))
                .isEqualTo("overheat:temperature>30,dry:humidity<40.5x2");
        List<Rule> many =
                java.util.stream.IntStream.range(0, 6)
                        .mapToObj(
                                i ->
                                        new Rule(
                                                "rule-number-" + i,
                                                Metric.TEMPERATURE,
                                                Direction.ABOVE,
                                                30.0,
                                                1))
                        .toList();
        assertThat(PipelineStatus.summary(many)).isEqualTo("6 rules");
    }

    static FlinkDeployment flinkDeployment(long generation) {
        FlinkDeployment fd = new FlinkDeployment();
        fd.getMetadata().setGeneration(generation);
        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        JobSpec job = new JobSpec();
        job.setState(JobState.RUNNING);
        spec.setJob(job);
        fd.setSpec(spec);
        return fd;
    }

    /**
     * A status in this lifecycle state, reached as the Flink operator reaches it: the Flink
     * operator derives the state from what it records of its last reconciliation.
     */
    static FlinkDeploymentStatus status(FlinkDeployment fd, ResourceLifecycleState lifecycle) {
        FlinkDeploymentStatus status = new FlinkDeploymentStatus();
        ReconciliationStatus<FlinkDeploymentSpec> r = status.getReconciliationStatus();
        switch (lifecycle) {
            case CREATED -> {}
            case FAILED -> status.setError("the JobManager cannot start");
            case DEPLOYED, STABLE, UPGRADING, SUSPENDED -> {
                FlinkDeploymentSpec spec = Serialization.clone(fd).getSpec();
                if (lifecycle == ResourceLifecycleState.SUSPENDED) {
                    spec.getJob().setState(JobState.SUSPENDED);
                }
                r.serializeAndSetLastReconciledSpec(spec, fd);
                r.setState(
                        lifecycle == ResourceLifecycleState.UPGRADING
                                ? ReconciliationState.UPGRADING
                                : ReconciliationState.DEPLOYED);
                if (lifecycle == ResourceLifecycleState.STABLE) {
                    r.markReconciledSpecAsStable();
                }
            }
            default -> throw new IllegalArgumentException("not in these tests: " + lifecycle);
        }
        assertThat(status.getLifecycleState()).isEqualTo(lifecycle);
        return status;
    }
}
