package io.sensorflow.job.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings that carry secrets (Kafka's SASL and TLS, the read store's password) come from files,
 * never from arguments, so that they show up neither in {@code ps} nor in the FlinkDeployment.
 */
public final class SecretFiles {
    private SecretFiles() {}

    /**
     * Reads settings that may hold secrets from a Java properties file (UTF-8), or from a directory
     * with one file per property, named after it, as Kubernetes mounts a Secret's keys (its hidden
     * bookkeeping entries, starting with '.', are skipped; a final line break is not part of the
     * value).
     */
    public static Properties load(Path path) throws IOException {
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
