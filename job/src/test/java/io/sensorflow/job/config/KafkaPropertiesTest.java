package io.sensorflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka client settings from a properties file, or from a Secret mounted as a directory. */
class KafkaPropertiesTest {

    @Test
    void aPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        Properties p = SecretFiles.load(file);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").hasSize(2);
    }

    /** The layout Kubernetes gives a Secret volume: files per key, symlinked into ..data. */
    @Test
    void aMountedSecret(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("..2026_11_24_20_00_00.1"));
        Files.writeString(data.resolve("security.protocol"), "SASL_SSL\n");
        Files.writeString(
                data.resolve("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"u\" password=\"p=q\";");
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(
                dir.resolve("security.protocol"), Path.of("..data", "security.protocol"));
        Files.createSymbolicLink(
                dir.resolve("sasl.jaas.config"), Path.of("..data", "sasl.jaas.config"));

        Properties p = SecretFiles.load(dir);

        assertThat(p)
                .hasSize(2)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"u\" password=\"p=q\";");
    }
}
