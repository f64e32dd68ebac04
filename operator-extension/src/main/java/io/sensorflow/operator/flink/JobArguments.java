package io.sensorflow.operator.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line for a pipeline: the contract between the controller and the job (DESIGN.md
 * "Job command line"). Threshold values are not in it: the rules go as shapes only, and the job
 * reads the values from the thresholds ConfigMap, so a threshold edit never changes the
 * FlinkDeployment.
 */
public final class JobArguments {
    /** Where the pods see the keys of the credentials Secret, one file per client property. */
    public static final String KAFKA_PROPERTIES_DIR = "/opt/sensorflow/kafka-client";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobArguments() {}

    public static List<String> of(SensorPipeline p) {
        SensorPipelineSpec s = p.getSpec();
        String name = p.getMetadata().getName();
        List<String> args = new ArrayList<>();
        add(args, "--pipeline", name);
        add(args, "--source", "kafka");
        add(args, "--sink", "kafka");
        add(args, "--kafka-bootstrap", s.kafka.bootstrapServers);
        add(args, "--temperature-topic", s.kafka.topics.temperature);
        add(args, "--humidity-topic", s.kafka.topics.humidity);
        add(args, "--averages-topic", s.kafka.topics.averages);
        add(args, "--alerts-topic", s.kafka.topics.alerts);
        add(args, "--dead-letter-topic", s.kafka.topics.deadLetter);
        add(args, "--consumer-group", consumerGroup(p));
        add(args, "--delivery-guarantee", s.checkpointing.mode.name());
        add(args, "--checkpoint-interval", s.checkpointing.interval);
        add(args, "--window-size", s.window.size);
        add(args, "--max-out-of-orderness", s.window.maxOutOfOrderness);
        add(args, "--idle-timeout", s.window.idleTimeout);
        add(args, "--rules", ruleShapes(s.alerting.rules));
        add(args, "--rules-configmap", Names.thresholdsConfigMap(p));
        if (s.kafka.credentialsSecret != null) {
            add(args, "--kafka-properties", KAFKA_PROPERTIES_DIR);
        }
        return args;
    }

    public static String consumerGroup(SensorPipeline p) {
        String group = p.getSpec().kafka.consumerGroup;
        return group != null ? group : "sensorflow-" + p.getMetadata().getName();
    }

    /** The rules without their values: {@code "above": null} says which side, not how much. */
    static String ruleShapes(List<RuleSpec> rules) {
        ArrayNode array = JSON.createArrayNode();
        for (RuleSpec r : rules) {
            ObjectNode o = array.addObject();
            o.put("name", r.name);
            o.put("metric", r.metric.wireName());
            o.putNull(r.above != null ? "above" : "below");
            o.put("consecutiveWindows", r.consecutiveWindows);
        }
        return array.toString();
    }

    private static void add(List<String> args, String option, String value) {
        args.add(option);
        args.add(value);
    }
}
