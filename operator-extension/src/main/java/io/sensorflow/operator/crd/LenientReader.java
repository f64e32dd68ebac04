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
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
            return unreadable(problem(type, root, tree, e));
        }
    }

    /** What stands for a part that cannot be read. */
    abstract T unreadable(Problem problem);

    /** The field that cannot be read, its value as stored, and what the model accepts there. */
    static Problem problem(Class<?> model, String root, JsonNode tree, JsonMappingException e) {
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
        Class<?> target =
                e instanceof MismatchedInputException m && m.getTargetType() != null
                        ? m.getTargetType()
                        : declaredType(model, e.getPath());
        return new Problem(
                field.toString(),
                (value == null ? "the stored value" : value.toString())
                        + " cannot be read: expected "
                        + accepted(target));
    }

    /**
     * The type the model declares at this path (its fields are public), for errors that do not say
     * what they expected, such as a number too large for its field; null if the path leaves it.
     */
    static Class<?> declaredType(Class<?> model, List<JsonMappingException.Reference> path) {
        Type type = model;
        for (JsonMappingException.Reference ref : path) {
            Class<?> raw = raw(type);
            if (raw == null) {
                return null;
            }
            if (ref.getFieldName() != null && Map.class.isAssignableFrom(raw)) {
                type = typeArgument(type, 1);
            } else if (ref.getFieldName() != null) {
                try {
                    type = raw.getField(ref.getFieldName()).getGenericType();
                } catch (NoSuchFieldException notOurs) {
                    return null;
                }
            } else {
                type = typeArgument(type, 0);
            }
        }
        return raw(type);
    }

    private static Type typeArgument(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
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
        if (type == Integer.class || type == int.class) {
            return "a whole number up to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
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
