package io.sensorflow.job.config;

import io.sensorflow.api.Metric;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Reads Kafka client settings from a Java properties file (UTF-8), or from a directory with one
     * file per property, named after it, as Kubernetes mounts a Secret's keys (its hidden
     * bookkeeping entries, starting with '.', are skipped; a final line break is not part of the
     * value).
     */
    public static Properties loadProperties(Path path) throws IOException {
        Properties properties = new Properties();
        if (Files.isDirectory(path)) {
            try (var entries = Files.list(path)) {
                for (Path entry : entries.sorted().toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(entry)) {
                        String value = Files.readString(entry, StandardCharsets.UTF_8);
                        properties.setProperty(name, value.replaceFirst("\\r?\\n$", ""));
                    }
                }
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
