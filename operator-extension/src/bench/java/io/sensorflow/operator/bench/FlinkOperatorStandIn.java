package io.sensorflow.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.apache.flink.kubernetes.operator.api.status.JobManagerDeploymentStatus;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationState;

/**
 * What a real cluster adds to each FlinkDeployment besides the controller's spec, so that the
 * controller's caches hold what they would hold there: the Flink operator's status of a running job
 * (its last reconciled and last stable spec, each a JSON copy of the spec, cluster info, job
 * status) and the API server's managedFields for both writers.
 */
final class FlinkOperatorStandIn {
    private FlinkOperatorStandIn() {}

    /** Reports the job of this FlinkDeployment running, as the Flink operator does. */
    static void reportRunning(KubernetesClient client, FlinkDeployment fd) {
        // a replace rather than a patch: a new FlinkDeployment object carries a default status
        FlinkDeployment copy = Serialization.clone(fd);
        copy.setStatus(null);
        copy.getMetadata().setManagedFields(managedFields(copy));
        FlinkDeployment withFields = client.resource(copy).update();
        FlinkDeploymentStatus status = new FlinkDeploymentStatus();
        status.getReconciliationStatus().serializeAndSetLastReconciledSpec(fd.getSpec(), fd);
        status.getReconciliationStatus().setState(ReconciliationState.DEPLOYED);
        status.getReconciliationStatus().markReconciledSpecAsStable();
        status.getJobStatus().setState(JobStatus.RUNNING);
        status.getJobStatus().setJobId(UUID.randomUUID().toString().replace("-", ""));
        status.getJobStatus().setJobName("sensorflow-" + fd.getMetadata().getName());
        String now = Long.toString(Instant.now().toEpochMilli());
        status.getJobStatus().setStartTime(now);
        status.getJobStatus().setUpdateTime(now);
        status.setJobManagerDeploymentStatus(JobManagerDeploymentStatus.READY);
        status.setClusterInfo(
                Map.of(
                        "flink-version", "1.20.3",
                        "flink-revision", "dd6cf7d @ 2025-01-14T17:44:10+01:00",
                        "total-cpu", "3.0",
                        "total-memory", "5872025600",
                        "state-size", "48211"));
        status.setObservedGeneration(withFields.getMetadata().getGeneration());
        withFields.setStatus(status);
        client.resource(withFields).updateStatus();
    }

    /** One entry per writer, each listing the fields it set, as the API server records them. */
    private static List<ManagedFieldsEntry> managedFields(FlinkDeployment fd) {
        JsonNode object = Serialization.jsonMapper().valueToTree(fd);
        ObjectNode ours = JsonNodeFactory.instance.objectNode();
        ours.set("f:metadata", fields(object.path("metadata").deepCopy()));
        ours.set("f:spec", fields(object.path("spec")));
        return List.of(
                entry("sensorflow-operator", null, ours),
                entry("flink-kubernetes-operator", "status", statusFields()));
    }

    private static ManagedFieldsEntry entry(String manager, String subresource, JsonNode fields) {
        FieldsV1 v1 = new FieldsV1();
        Serialization.jsonMapper()
                .convertValue(fields, Map.class)
                .forEach((k, v) -> v1.setAdditionalProperty((String) k, v));
        return new ManagedFieldsEntryBuilder()
                .withManager(manager)
                .withOperation("Update")
                .withApiVersion("flink.apache.org/v1beta1")
                .withTime(Instant.now().toString())
                .withFieldsType("FieldsV1")
                .withSubresource(subresource)
                .withFieldsV1(v1)
                .build();
    }

    private static JsonNode statusFields() {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        for (String f :
                List.of(
                        "clusterInfo",
                        "jobManagerDeploymentStatus",
                        "jobStatus",
                        "lifecycleState",
                        "observedGeneration",
                        "reconciliationStatus")) {
            status.putObject("f:" + f);
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("f:status", status);
        return root;
    }

    /** The fieldsV1 form of a JSON value: its object keys as "f:key", recursively. */
    private static JsonNode fields(JsonNode value) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set("f:" + e.getKey(), fields(e.getValue()));
            }
        }
        return out;
    }
}
