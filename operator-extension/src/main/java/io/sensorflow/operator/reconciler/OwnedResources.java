package io.sensorflow.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a resource the controller owns only when what the controller sets differs from the live
 * object. What others add (the API server's defaults and metadata, the Flink operator's status and
 * annotations) is not ours and is left alone, so an unchanged pipeline causes no write at all.
 * Updates carry the live resourceVersion: a concurrent change makes the write fail with a conflict
 * and the Java Operator SDK retries the reconciliation against the fresh object.
 */
final class OwnedResources {
    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** What was done, and the object as the API server now has it. */
    record Result<T>(Outcome outcome, T resource) {
        boolean changed() {
            return outcome != Outcome.UNCHANGED;
        }
    }

    private OwnedResources() {}

    static <T extends HasMetadata> Result<T> apply(KubernetesClient client, T desired, T live) {
        if (live == null) {
            return new Result<>(Outcome.CREATED, client.resource(desired).create());
        }
        if (!differs(desired, live)) {
            return new Result<>(Outcome.UNCHANGED, live);
        }
        desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        // keep what others put in the metadata (their labels, annotations, finalizers)
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        if (annotations != null && !annotations.isEmpty()) {
            desired.getMetadata().setAnnotations(annotations);
        }
        desired.getMetadata().setFinalizers(live.getMetadata().getFinalizers());
        return new Result<>(Outcome.UPDATED, client.resource(desired).update());
    }

    /** Whether some field the controller sets has another value in the live object. */
    static boolean differs(HasMetadata desired, HasMetadata live) {
        JsonNode want = Serialization.jsonMapper().valueToTree(desired);
        JsonNode have = Serialization.jsonMapper().valueToTree(live);
        return !containedIn(without(want, "status"), have);
    }

    /** Whether every field of {@code want} has the same value in {@code have}. */
    static boolean containedIn(JsonNode want, JsonNode have) {
        if (want == null || want.isNull()) {
            return true;
        }
        if (have == null || have.isNull()) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!containedIn(field.getValue(), have.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!containedIn(want.get(i), have.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    private static JsonNode without(JsonNode node, String field) {
        if (node.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove(field);
        }
        return node;
    }
}
