package io.sensorflow.job.config;

import io.sensorflow.api.Metric;
import java.io.Serializable;
import java.util.Properties;

/**
 * Where the Kafka source and sink connect and what they use there. Client properties that carry
 * secrets (SASL, TLS) come from a properties file, never from arguments, so that they show up
 * neither in {@code ps} nor in the FlinkDeployment.
 */
public record KafkaSettings(
        String bootstrapServers,
        String temperatureTopic,
        String humidityTopic,
        String averagesTopic,
        String alertsTopic,
        String deadLetterTopic,
        String consumerGroup,
        boolean exactlyOnce,
        String transactionalIdPrefix,
        Properties clientProperties)
        implements Serializable {

    public String readingsTopic(Metric metric) {
        return metric == Metric.TEMPERATURE ? temperatureTopic : humidityTopic;
    }

    /** A copy of the extra client properties, safe to hand to a builder that adds its own. */
    public Properties clientPropertiesCopy() {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        return copy;
    }
}
