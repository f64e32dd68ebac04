package io.sensorflow.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.CrdSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD users install is the one the build generates from the model classes; and the examples
 * users start from fit it.
 */
class CrdFilesTest {
    static final String GENERATED = "META-INF/fabric8/sensorpipelines.sensorflow.io-v1.yml";
    static final Path REPO = Path.of("..");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "k8s/crd-sensorpipelines.yaml",
                "helm/sensorflow/crds/sensorpipelines.sensorflow.io.yaml"
            })
    void theShippedCrdIsTheGeneratedOne(String shipped) throws IOException {
        String generated;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GENERATED)) {
            generated = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(REPO.resolve(shipped)))
                .as(
                        "%s differs from the generated CRD: copy"
                                + " operator-extension/target/classes/%s over it",
                        shipped, GENERATED)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/examples/minimal.yaml", "k8s/examples/full.yaml"})
    void theExamplesFitTheSchema(String example) throws IOException {
        CrdSchemas schema = CrdSchemas.fromResource(GENERATED, SensorPipeline.VERSION);
        SensorPipeline p =
                Serialization.unmarshal(
                        Files.readString(REPO.resolve(example)), SensorPipeline.class);
        assertThat(schema.problems(p)).isEmpty();
        assertThat(p.getSpec().kafka.bootstrapServers).isNotBlank();
    }
}
