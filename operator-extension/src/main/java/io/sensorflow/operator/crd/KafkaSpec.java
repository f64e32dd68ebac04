package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSpec {
    @Required
    @Pattern(Patterns.BOOTSTRAP_SERVERS)
    @JsonPropertyDescription("HOST:PORT[,HOST:PORT...] of the Kafka cluster.")
    public String bootstrapServers;

    @JsonPropertyDescription("Topic names; each has a default.")
    public TopicsSpec topics = new TopicsSpec();

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Consumer group of the job; default sensorflow-<pipeline name>.")
    public String consumerGroup;

    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    @JsonPropertyDescription(
            "A Secret in the pipeline's namespace whose keys are Kafka client properties"
                    + " (SASL, TLS); mounted into the pods, never inlined.")
    public String credentialsSecret;
}
