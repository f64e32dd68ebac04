package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sensorflow.api.Problem;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a part of a stored SensorPipeline that the model may not be able to read: a value written
 * while an older, looser CRD was installed, or by a newer controller. Jackson would fail the whole
 * list an informer reads, and the Java Operator SDK would stop the controller; instead the part
 * that cannot be read becomes a {@link Problem} naming the field, the value and what is accepted,
 * and the other pipelines go on.
 */
abstract class LenientReader<T> extends StdDeserializer<T> {
    /** Reads the model the ordinary way: the mix-in takes this reader off the classes. */
    private static final ObjectMapper PLAIN =
            new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .addMixIn(SensorPipelineSpec.class, Ordinary.class)
                    .addMixIn(SensorPipelineStatus.class, Ordinary.class);

    @JsonDeserialize
    private interface Ordinary {}

    private final Class<T> type;
    private final String root;

    LenientReader(Class<T> type, String root) {
        super(type);
        this.type = type;
        this.root = root;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        try {
            return PLAIN.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            return unreadable(problem(root, tree, e));
        }
    }

    /** What stands for a part that cannot be read. */
    abstract T unreadable(Problem problem);

    /** The field that cannot be read, its value as stored, and what the model accepts there. */
    static Problem problem(String root, JsonNode tree, JsonMappingException e) {
        StringBuilder field = new StringBuilder(root);
        JsonNode value = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append('.').append(ref.getFieldName());
                value = value == null ? null : value.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
                value = value == null ? null : value.get(ref.getIndex());
            }
        }
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        return new Problem(
                field.toString(),
                (value == null ? "the stored value" : value.toString())
                        + " cannot be read: expected "
                        + accepted(target));
    }

    /** What a field of this type accepts, as a user would write it. */
    static String accepted(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> wireName((Enum<?>) c))
                            .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of strings";
        }
        return "an object";
    }

    private static String wireName(Enum<?> constant) {
        try {
            JsonProperty p =
                    constant.getDeclaringClass()
                            .getField(constant.name())
                            .getAnnotation(JsonProperty.class);
            return p != null ? p.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    /** The spec; an unreadable one is an empty spec that says why. */
    static final class Spec extends LenientReader<SensorPipelineSpec> {
        Spec() {
            super(SensorPipelineSpec.class, "spec");
        }

        @Override
        SensorPipelineSpec unreadable(Problem problem) {
            SensorPipelineSpec spec = new SensorPipelineSpec();
            spec.markUnreadable(problem);
            return spec;
        }
    }

    /**
     * The status; an unreadable one (written by another version of the controller) is read as none,
     * so the next status write replaces it whole.
     */
    static final class Status extends LenientReader<SensorPipelineStatus> {
        Status() {
            super(SensorPipelineStatus.class, "status");
        }

        @Override
        SensorPipelineStatus unreadable(Problem problem) {
            return null;
        }
    }
}
