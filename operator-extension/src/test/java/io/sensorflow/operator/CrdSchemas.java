package io.sensorflow.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates resources against a CRD's openAPIV3Schema, as an API server would, but strictly: a
 * field the schema does not know is an error here (the API server would silently prune it, and what
 * we meant would be lost). CEL rules are not evaluated; the controller checks those itself.
 */
public final class CrdSchemas {
    /** The Flink operator's FlinkDeployment schema, from the operator-api jar. */
    public static final CrdSchemas FLINK_DEPLOYMENTS =
            fromResource("META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

    private final JsonSchema schema;

    private CrdSchemas(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema of the CRD in this class-path resource, for the given version. */
    public static CrdSchemas fromResource(String resource, String version) {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            CustomResourceDefinition crd =
                    Serialization.unmarshal(in, CustomResourceDefinition.class);
            JsonNode openApi =
                    Serialization.jsonMapper()
                            .valueToTree(
                                    crd.getSpec().getVersions().stream()
                                            .filter(v -> v.getName().equals(version))
                                            .findFirst()
                                            .orElseThrow()
                                            .getSchema()
                                            .getOpenAPIV3Schema());
            strict(openApi);
            // what every object has besides its schema, as the API server knows
            ObjectNode root = (ObjectNode) openApi.get("properties");
            root.putObject("apiVersion").put("type", "string");
            root.putObject("kind").put("type", "string");
            root.putObject("metadata").put("type", "object");
            return new CrdSchemas(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the resource, or nothing. */
    public Set<String> problems(HasMetadata resource) {
        JsonNode json = Serialization.jsonMapper().valueToTree(resource);
        return schema.validate(json).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Unknown fields become errors, except where the schema preserves them. */
    private static void strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(CrdSchemas::strict);
        }
    }
}
