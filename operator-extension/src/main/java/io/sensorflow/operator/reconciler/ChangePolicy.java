package io.sensorflow.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a change of each SensorPipeline spec field does to the running job, declared once. The
 * reconciler's {@code status.lastChange} is derived from this table, and the README's field
 * reference is checked against it; a spec field without an entry fails the build.
 *
 * <p>Fields are named by their path, a list's elements as {@code []}. A field is compared whole
 * where the table names it (so {@code spec.flinkConfiguration} is one field).
 */
final class ChangePolicy {
    /** What a change does, from nothing to the most. */
    enum Kind {
        /** Nothing for the running job (it applies at the next upgrade). */
        NONE("none"),
        /** Applied in the running job through the thresholds ConfigMap, without a restart. */
        LIVE("live"),
        /** The job is suspended with a savepoint, or resumed from it. */
        SUSPEND("suspend"),
        /** The FlinkDeployment changes and the Flink operator applies it to the job. */
        UPGRADE("upgrade");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** How the README and {@code status.lastChange.applied} call it. */
        String word() {
            return word;
        }
    }

    /** One field's change and what it does; {@code field} names the list element, e.g. [0]. */
    record Change(String field, Kind kind) {}

    /**
     * @param kind what a new value does
     * @param setOrUnset what setting or unsetting the field does, if that differs
     */
    record Entry(Kind kind, Kind setOrUnset) {}

    static final Map<String, Entry> TABLE;

    static {
        Map<String, Entry> table = new LinkedHashMap<>();
        upgrade(
                table,
                "spec.kafka.bootstrapServers",
                "spec.kafka.topics.temperature",
                "spec.kafka.topics.humidity",
                "spec.kafka.topics.averages",
                "spec.kafka.topics.alerts",
                "spec.kafka.topics.deadLetter",
                "spec.kafka.consumerGroup",
                "spec.kafka.credentialsSecret",
                "spec.readStore.url",
                "spec.readStore.credentialsSecret",
                "spec.window.size",
                "spec.window.maxOutOfOrderness",
                "spec.window.idleTimeout",
                "spec.alerting.rules[].name",
                "spec.alerting.rules[].metric",
                "spec.alerting.rules[].consecutiveWindows",
                "spec.checkpointing.interval",
                "spec.checkpointing.mode",
                "spec.checkpointing.storageDir",
                "spec.checkpointing.stateBackend",
                "spec.parallelism",
                "spec.autoscaler.enabled",
                "spec.autoscaler.minParallelism",
                "spec.autoscaler.maxParallelism",
                "spec.highAvailability",
                "spec.image",
                "spec.jobManager.cpu",
                "spec.jobManager.memory",
                "spec.taskManager.cpu",
                "spec.taskManager.memory",
                "spec.taskManager.slots",
                "spec.flinkConfiguration");
        // a threshold's value is live; moving it to the other side changes the rule's shape
        table.put("spec.alerting.rules[].above", new Entry(Kind.LIVE, Kind.UPGRADE));
        table.put("spec.alerting.rules[].below", new Entry(Kind.LIVE, Kind.UPGRADE));
        table.put("spec.suspend", new Entry(Kind.SUSPEND, Kind.SUSPEND));
        // the Flink operator reads it at the next upgrade; changing it alone restarts nothing
        table.put("spec.upgradeMode", new Entry(Kind.NONE, Kind.NONE));
        TABLE = Collections.unmodifiableMap(table);
    }

    private ChangePolicy() {}

    private static void upgrade(Map<String, Entry> table, String... fields) {
        for (String f : fields) {
            table.put(f, new Entry(Kind.UPGRADE, Kind.UPGRADE));
        }
    }

    /**
     * The changes from one applied spec to the next, as JSON trees of the spec ({@code before} may
     * be missing), each with what it does. A field the table lacks counts as an upgrade.
     */
    static List<Change> changes(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        walk("spec", "spec", orMissing(before), orMissing(after), changes);
        return changes;
    }

    /** What these changes do together: the most any of them does. */
    static Kind of(List<Change> changes) {
        Kind most = Kind.NONE;
        for (Change c : changes) {
            if (c.kind().compareTo(most) > 0) {
                most = c.kind();
            }
        }
        return most;
    }

    private static void walk(
            String path, String declared, JsonNode a, JsonNode b, List<Change> out) {
        Entry entry = TABLE.get(declared);
        if (entry != null) {
            if (!same(a, b)) {
                boolean setOrUnset = absent(a) != absent(b);
                out.add(new Change(path, setOrUnset ? entry.setOrUnset() : entry.kind()));
            }
        } else if (a.isObject() || b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                walk(path + "." + key, declared + "." + key, a.path(key), b.path(key), out);
            }
        } else if (a.isArray() || b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                walk(path + "[" + i + "]", declared + "[]", a.path(i), b.path(i), out);
            }
        } else if (!same(a, b)) {
            out.add(new Change(path, Kind.UPGRADE));
        }
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    private static boolean absent(JsonNode n) {
        return n.isMissingNode() || n.isNull();
    }

    /** Equal as values: 1 and 1.0 are the same number, missing and null the same absence. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (absent(a) || absent(b)) {
            return absent(a) && absent(b);
        }
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
            (x, y) ->
                    x.isNumber() && y.isNumber()
                            ? x.decimalValue().compareTo(y.decimalValue())
                            : x.equals(y) ? 0 : 1;
}
