package io.sensorflow.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.operator.config.Leadership;
import io.sensorflow.operator.config.OperatorSettings;
import io.sensorflow.operator.crd.KafkaSpec;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.time.Duration;
import java.util.List;

/** SensorPipelines and settings for the controller's tests. */
public final class Pipelines {
    private Pipelines() {}

    public static final OperatorSettings SETTINGS =
            new OperatorSettings(
                    List.of(), "registry.example/sensorflow-job:1.0", "s3://state", false, 0);

    /** A quick Lease, so that a standby takes over within seconds in tests. */
    public static Leadership quickLease(String identity) {
        return new Leadership(
                identity, Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));
    }

    /** The controller on this client, leader election off. */
    public static SensorFlowOperator startController(KubernetesClient client) {
        return SensorFlowOperator.start(client, SETTINGS, quickLease("test"), () -> {});
    }

    /** A pipeline with two rules, defaults elsewhere. */
    public static SensorPipeline greenhouse(String namespace) {
        SensorPipeline p = new SensorPipeline();
        p.setMetadata(
                new ObjectMetaBuilder().withName("greenhouse").withNamespace(namespace).build());
        SensorPipelineSpec s = new SensorPipelineSpec();
        s.kafka = new KafkaSpec();
        s.kafka.bootstrapServers = "kafka-bootstrap.kafka:9092";
        s.alerting.rules =
                new java.util.ArrayList<>(
                        List.of(
                                RuleSpec.of(
                                        new Rule(
                                                "overheat",
                                                Metric.TEMPERATURE,
                                                Direction.ABOVE,
                                                30.0,
                                                1)),
                                RuleSpec.of(
                                        new Rule(
                                                "dry",
                                                Metric.HUMIDITY,
                                                Direction.BELOW,
                                                40.0,
                                                2))));
        p.setSpec(s);
        return p;
    }
}
