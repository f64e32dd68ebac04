package io.sensorflow.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading JSON-lines outputs and grouping them the way the contracts order them. */
public final class JsonLines {
    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    public static List<JsonNode> read(Path file) {
        try {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                records.add(parse(line));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    /** Records per sensor, each list in the order written: the order the contract promises. */
    public static Map<String, List<JsonNode>> bySensor(List<JsonNode> records) {
        Map<String, List<JsonNode>> map = new LinkedHashMap<>();
        for (JsonNode r : records) {
            map.computeIfAbsent(r.get("sensorId").asText(), k -> new ArrayList<>()).add(r);
        }
        return map;
    }

    /**
     * Alerts per sensor and rule, each list in the order written: each rule's alerts for a sensor
     * come in window order (different rules' alerts may interleave).
     */
    public static Map<String, List<JsonNode>> bySensorAndRule(List<JsonNode> alerts) {
        Map<String, List<JsonNode>> map = new LinkedHashMap<>();
        for (JsonNode a : alerts) {
            String key = a.get("sensorId").asText() + "/" + a.get("rule").asText();
            map.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        return map;
    }

    /** A copy without the given fields (for fields that depend on the wall clock). */
    public static JsonNode without(JsonNode record, String... fields) {
        ObjectNode copy = record.deepCopy();
        for (String f : fields) {
            copy.remove(f);
        }
        return copy;
    }
}
