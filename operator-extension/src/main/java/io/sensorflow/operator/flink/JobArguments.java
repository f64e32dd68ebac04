package io.sensorflow.operator.flink;

import io.sensorflow.api.JobCommandLine;
import io.sensorflow.api.Pipelines;
import io.sensorflow.api.Rule;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import java.util.List;

/**
 * The job's command line for a pipeline, through the contract module's builder. Threshold values
 * are not in it: the rules go as shapes only, and the job reads the values from the thresholds
 * ConfigMap, so a threshold edit never changes the FlinkDeployment.
 */
public final class JobArguments {
    /** Where the pods see the keys of the credentials Secret, one file per client property. */
    public static final String KAFKA_PROPERTIES_DIR = "/opt/sensorflow/kafka-client";

    /** Where the read store's credentials Secret is mounted (files username and password). */
    public static final String READ_STORE_CREDENTIALS_DIR = "/opt/sensorflow/read-store";

    private JobArguments() {}

    public static List<String> of(SensorPipeline p) {
        SensorPipelineSpec s = p.getSpec();
        JobCommandLine.Builder args =
                JobCommandLine.builder()
                        .pipeline(p.getMetadata().getName())
                        .source(JobCommandLine.KAFKA)
                        .sink(JobCommandLine.KAFKA)
                        .kafkaBootstrap(s.kafka.bootstrapServers)
                        .topics(s.kafka.topics.byRole())
                        .consumerGroup(consumerGroup(p))
                        .deliveryGuarantee(s.checkpointing.mode.name())
                        .checkpointInterval(s.checkpointing.interval)
                        .windowSize(s.window.size)
                        .maxOutOfOrderness(s.window.maxOutOfOrderness)
                        .idleTimeout(s.window.idleTimeout)
                        .rules(s.alerting.toRules().stream().map(Rule::withoutThreshold).toList())
                        .rulesConfigMap(Names.thresholdsConfigMap(p));
        if (s.kafka.credentialsSecret != null) {
            args.kafkaProperties(KAFKA_PROPERTIES_DIR);
        }
        if (s.readStore != null) {
            args.readStore(s.readStore.url);
            if (s.readStore.credentialsSecret != null) {
                args.readStoreCredentials(READ_STORE_CREDENTIALS_DIR);
            }
        }
        return args.build();
    }

    public static String consumerGroup(SensorPipeline p) {
        String group = p.getSpec().kafka.consumerGroup;
        return group != null ? group : Pipelines.consumerGroup(p.getMetadata().getName());
    }
}
