package io.sensorflow.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.JobArguments;

/**
 * A valid spec as the job runs it: the defaults the controller fills in (consumer group, image,
 * storage directory) resolved, and settings that do nothing (autoscaler bounds while it is off)
 * left out. A change is judged on this, so that writing a default out, or a setting that does
 * nothing, is not reported as a change; {@code status.appliedSpec} records it.
 */
final class AppliedSpec {
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private AppliedSpec() {}

    static JsonNode of(SensorPipeline p, FlinkDeploymentFactory factory) {
        SensorPipelineSpec s = JSON.convertValue(p.getSpec(), SensorPipelineSpec.class);
        s.kafka.consumerGroup = JobArguments.consumerGroup(p);
        s.image = factory.image(p);
        s.checkpointing.storageDir = factory.storageDir(p);
        if (!s.autoscaler.enabled) {
            s.autoscaler.minParallelism = null;
            s.autoscaler.maxParallelism = null;
        }
        return JSON.valueToTree(s);
    }

    /** A recorded spec, or null when there is none or it cannot be read. */
    static JsonNode read(String recorded) {
        if (recorded == null) {
            return null;
        }
        try {
            return JSON.readTree(recorded);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
