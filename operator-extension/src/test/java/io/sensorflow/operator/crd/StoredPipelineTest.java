package io.sensorflow.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.Pipelines;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stored SensorPipelines that the model cannot read (left by an older, looser CRD or a newer
 * controller): they are read all the same, saying which field holds what, and never fail the list
 * they come in.
 */
class StoredPipelineTest {
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "an unknown enum value|checkpointing|{\"stateBackend\":\"memory\"}|spec.checkpointing.stateBackend: \"memory\" cannot be read: expected one of rocksdb, hashmap",
                "a word for a number|parallelism|`\"many\"`|spec.parallelism: \"many\" cannot be read: expected a whole number up to 2147483647",
                "an object for a number|parallelism|{\"min\":1}|spec.parallelism: {\"min\":1} cannot be read: expected a whole number up to 2147483647",
                "a number too large for its field|parallelism|4294967296|spec.parallelism: 4294967296 cannot be read: expected a whole number up to 2147483647",
                "a number too large in a rule|alerting|{\"rules\":[{\"name\":\"a\",\"metric\":\"humidity\",\"below\":1,\"consecutiveWindows\":9999999999}]}|spec.alerting.rules[0].consecutiveWindows: 9999999999 cannot be read: expected a whole number up to 2147483647",
                "a string for the rules|alerting|{\"rules\":\"overheat\"}|spec.alerting.rules: \"overheat\" cannot be read: expected a list",
                "an unknown metric in a rule|alerting|{\"rules\":[{\"name\":\"a\",\"metric\":\"pressure\",\"above\":1}]}|spec.alerting.rules[0].metric: \"pressure\" cannot be read: expected one of temperature, humidity",
                "a list for the Flink configuration|flinkConfiguration|[1,2]|spec.flinkConfiguration: [1,2] cannot be read: expected an object of strings",
                "a word for a flag|highAvailability|`\"sometimes\"`|spec.highAvailability: \"sometimes\" cannot be read: expected true or false",
            })
    void aFieldTheModelCannotReadIsNamedWithItsValueAndWhatIsAccepted(
            String what, String field, String value, String problem) {
        ObjectNode stored = Serialization.jsonMapper().valueToTree(Pipelines.greenhouse("ns"));
        ((ObjectNode) stored.get("spec")).set(field, JSON.unmarshal(value, JsonNode.class));

        SensorPipeline read = JSON.unmarshal(stored.toString(), SensorPipeline.class);

        assertThat(read.getSpec().unreadable()).as(what).hasToString(problem);
        assertThat(read.getMetadata().getName()).isEqualTo("greenhouse");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"phase\":\"Degraded\"}",
                "{\"conditions\":\"all good\"}",
                "{\"observedGeneration\":\"seven\"}",
            })
    void aStatusTheModelCannotReadIsReadAsNoneToBeRewritten(String status) {
        ObjectNode stored = Serialization.jsonMapper().valueToTree(Pipelines.greenhouse("ns"));
        stored.set("status", JSON.unmarshal(status, JsonNode.class));
        SensorPipeline read = JSON.unmarshal(stored.toString(), SensorPipeline.class);
        assertThat(read.getStatus()).isNull();
        assertThat(read.getSpec().unreadable()).isNull();
    }

    @Property
    void theSdksCopyOfAnUnreadablePipelineStaysUnreadable(
            @ForAll("notAnObject") JsonNode checkpointing) {
        ObjectNode stored = Serialization.jsonMapper().valueToTree(Pipelines.greenhouse("ns"));
        ((ObjectNode) stored.get("spec")).set("checkpointing", checkpointing);
        SensorPipeline read = JSON.unmarshal(stored.toString(), SensorPipeline.class);
        SensorPipeline copy = new PipelineCloner(JSON).clone(read);
        assertThat(read.getSpec().unreadable()).isNotNull();
        assertThat(copy.getSpec().unreadable()).isEqualTo(read.getSpec().unreadable());
    }

    /** Values that cannot stand where the model has an object. */
    @Provide
    Arbitrary<JsonNode> notAnObject() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.integers().map(i -> (JsonNode) f.arrayNode().add(i)));
    }

    /** Any value anywhere in a spec: read, or unreadable with the field it is in. */
    @Property(tries = 2000)
    void anyValueAtAnyFieldIsReadOrNamedNeverThrown(
            @ForAll("paths") int pathIndex, @ForAll("anyValue") JsonNode value) {
        ObjectNode stored = Serialization.jsonMapper().valueToTree(Pipelines.greenhouse("ns"));
        List<String[]> paths = paths(stored.get("spec"));
        String[] path = paths.get(pathIndex % paths.size());
        ObjectNode parent = (ObjectNode) stored.get("spec");
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = parent.get(path[i]);
            parent = next.isArray() ? (ObjectNode) next.get(0) : (ObjectNode) next;
        }
        parent.set(path[path.length - 1], value);

        SensorPipeline read = JSON.unmarshal(stored.toString(), SensorPipeline.class);

        if (read.getSpec().unreadable() != null) {
            assertThat(read.getSpec().unreadable().field()).startsWith("spec.");
            assertThat(read.getSpec().unreadable().message()).contains("cannot be read: expected");
        }
    }

    @Provide
    Arbitrary<Integer> paths() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<JsonNode> anyValue() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                notAnObject(),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.just(f.nullNode()),
                Arbitraries.strings()
                        .ofMaxLength(5)
                        .map(s -> (JsonNode) f.objectNode().put("k", s)));
    }

    /** Every field path of the spec, descending into the first element of lists. */
    static List<String[]> paths(JsonNode spec) {
        List<String[]> out = new ArrayList<>();
        collect(spec, new ArrayList<>(), out);
        return out;
    }

    private static void collect(JsonNode node, List<String> at, List<String[]> out) {
        JsonNode object = node.isArray() && node.size() > 0 ? node.get(0) : node;
        if (!object.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> here = new ArrayList<>(at);
            here.add(e.getKey());
            out.add(here.toArray(new String[0]));
            collect(e.getValue(), here, out);
        }
    }
}
