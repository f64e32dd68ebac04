package io.sensorflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table "Every SensorPipeline field" against the generated CRD and the change policy:
 * every field is there, none that does not exist, each with the CRD's type and default, and its
 * "Change" column starting with what the {@link ChangePolicy} declares for it.
 */
class ConfigurationReferenceTest {
    static final Pattern ROW =
            Pattern.compile("^\\| `(spec\\.[^`]+)` \\| (\\w+) \\| (?:`([^`]*)`)? *\\| (.+) \\|$");

    record Field(String type, String defaultValue) {}

    @Test
    void theReadmeDescribesEveryFieldAsTheCrdDefinesItAndThePolicyDecides() throws IOException {
        Map<String, Field> readme = new TreeMap<>();
        Map<String, String> change = new TreeMap<>();
        Map<String, String> declared = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                readme.put(m.group(1), new Field(m.group(2), m.group(3)));
                change.put(m.group(1), m.group(4).split("[ (]")[0]);
                ChangePolicy.Entry entry = ChangePolicy.TABLE.get(m.group(1));
                declared.put(m.group(1), entry == null ? "(none declared)" : entry.kind().word());
            }
        }
        assertThat(readme).isEqualTo(crdFields());
        assertThat(change).isEqualTo(declared);
    }

    /** The CRD's spec fields by path, lists of objects as {@code []}. */
    static Map<String, Field> crdFields() throws IOException {
        Map<String, Field> crd = new TreeMap<>();
        leaves(specSchema(), "spec", crd);
        return crd;
    }

    static JsonNode specSchema() throws IOException {
        try (InputStream in =
                ConfigurationReferenceTest.class
                        .getClassLoader()
                        .getResourceAsStream(
                                "META-INF/fabric8/sensorpipelines.sensorflow.io-v1.yml")) {
            CustomResourceDefinition crd =
                    Serialization.unmarshal(in, CustomResourceDefinition.class);
            return Serialization.jsonMapper()
                    .valueToTree(
                            crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema())
                    .path("properties")
                    .path("spec");
        }
    }

    /** Leaf fields by path: objects with properties are walked, lists of objects as {@code []}. */
    static void leaves(JsonNode node, String path, Map<String, Field> out) {
        String type = node.path("type").asText();
        JsonNode properties =
                type.equals("array")
                        ? node.path("items").path("properties")
                        : node.path("properties");
        if (properties.isObject() && properties.size() > 0) {
            String prefix = type.equals("array") ? path + "[]." : path + ".";
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves(e.getValue(), prefix + e.getKey(), out);
            }
            return;
        }
        JsonNode d = node.get("default");
        out.put(path, new Field(type, d == null || d.isNull() ? null : d.asText()));
    }
}
