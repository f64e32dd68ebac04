package io.sensorflow.operator.reconciler;

import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.crd.TopicsSpec;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.FlinkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the CRD schema cannot check, checked the way Flink and Kafka would, before anything reaches
 * the FlinkDeployment. Each problem names the field and says how to fix it. The schema's own checks
 * are repeated where a spec may reach the controller without them (an API server without CEL, or
 * defaults not applied).
 */
public final class SpecValidator {
    /** Flink derives Service and ConfigMap names from the cluster id: an RFC 1035 label, <= 45. */
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private static final int CLUSTER_ID_MAX = 45;
    private static final Pattern MEMORY =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?");
    private static final Pattern STORAGE_URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.+");

    /** A problem with one field. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final FlinkDeploymentFactory factory;

    public SpecValidator(FlinkDeploymentFactory factory) {
        this.factory = factory;
    }

    public List<Problem> validate(SensorPipeline p) {
        List<Problem> problems = new ArrayList<>();
        SensorPipelineSpec s = p.getSpec();
        clusterId(p.getMetadata().getName(), problems);
        if (s == null || s.kafka == null || blank(s.kafka.bootstrapServers)) {
            problems.add(
                    new Problem(
                            "spec.kafka.bootstrapServers",
                            "is required: the Kafka cluster's HOST:PORT list"));
            return problems;
        }
        kafka(s, problems);
        window(s, problems);
        rules(s.alerting.rules, problems);
        checkpointing(p, problems);
        memory("spec.jobManager.memory", s.jobManager.memory, 512, problems);
        memory("spec.taskManager.memory", s.taskManager.memory, 1024, problems);
        if (s.autoscaler.enabled && s.autoscaler.minParallelism > s.autoscaler.maxParallelism) {
            problems.add(
                    new Problem(
                            "spec.autoscaler.minParallelism",
                            "must not exceed spec.autoscaler.maxParallelism ("
                                    + s.autoscaler.maxParallelism
                                    + ")"));
        }
        for (String key : s.flinkConfiguration.keySet()) {
            if (FlinkSettings.OWNED_KEYS.contains(key)) {
                problems.add(
                        new Problem(
                                "spec.flinkConfiguration[" + key + "]",
                                "is set by the platform from the spec; remove it and use the"
                                        + " SensorPipeline's own fields (checkpointing, window,"
                                        + " highAvailability, autoscaler, taskManager.slots)"));
            }
        }
        return problems;
    }

    private static void clusterId(String name, List<Problem> problems) {
        if (name == null || name.length() > CLUSTER_ID_MAX || !CLUSTER_ID.matcher(name).matches()) {
            problems.add(
                    new Problem(
                            "metadata.name",
                            "'"
                                    + name
                                    + "' cannot name a Flink cluster: use at most "
                                    + CLUSTER_ID_MAX
                                    + " lowercase letters, digits and '-', starting with a letter"
                                    + " and ending with a letter or digit"));
        }
    }

    private static void kafka(SensorPipelineSpec s, List<Problem> problems) {
        for (String server : s.kafka.bootstrapServers.split(",")) {
            int colon = server.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon <= 0 || port < 1 || port > 65535) {
                problems.add(
                        new Problem(
                                "spec.kafka.bootstrapServers",
                                "'" + server + "' is not HOST:PORT with a port in 1..65535"));
            }
        }
        TopicsSpec t = s.kafka.topics;
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("temperature", t.temperature);
        topics.put("humidity", t.humidity);
        topics.put("averages", t.averages);
        topics.put("alerts", t.alerts);
        topics.put("deadLetter", t.deadLetter);
        Map<String, String> seen = new LinkedHashMap<>();
        topics.forEach(
                (field, topic) -> {
                    String path = "spec.kafka.topics." + field;
                    if (topic == null
                            || topic.isEmpty()
                            || topic.length() > 249
                            || topic.equals(".")
                            || topic.equals("..")
                            || !topic.matches("[a-zA-Z0-9._-]+")) {
                        problems.add(
                                new Problem(
                                        path,
                                        "'"
                                                + topic
                                                + "' is not a Kafka topic name: 1 to 249 of"
                                                + " letters, digits, '.', '_' and '-', not '.'"
                                                + " or '..'"));
                    } else if (seen.containsKey(topic)) {
                        problems.add(
                                new Problem(
                                        path,
                                        "'"
                                                + topic
                                                + "' is also spec.kafka.topics."
                                                + seen.get(topic)
                                                + ": each stream needs a topic of its own"));
                    } else {
                        seen.put(topic, field);
                    }
                });
    }

    private static void window(SensorPipelineSpec s, List<Problem> problems) {
        Duration size = duration("spec.window.size", s.window.size, problems);
        Duration ooo =
                duration("spec.window.maxOutOfOrderness", s.window.maxOutOfOrderness, problems);
        duration("spec.window.idleTimeout", s.window.idleTimeout, problems);
        if (size != null
                && (size.compareTo(Duration.ofSeconds(1)) < 0
                        || size.compareTo(Duration.ofHours(24)) > 0)) {
            problems.add(
                    new Problem(
                            "spec.window.size", "'" + s.window.size + "' is outside 1s .. 24h"));
        }
        if (size != null && ooo != null && ooo.compareTo(size) > 0) {
            problems.add(
                    new Problem(
                            "spec.window.maxOutOfOrderness",
                            "'"
                                    + s.window.maxOutOfOrderness
                                    + "' is longer than the window ("
                                    + s.window.size
                                    + "); make it at most the window size"));
        }
    }

    private static void rules(List<RuleSpec> rules, List<Problem> problems) {
        if (rules == null || rules.isEmpty()) {
            problems.add(new Problem("spec.alerting.rules", "needs at least one rule"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleSpec r = rules.get(i);
            String at = "spec.alerting.rules[" + i + "]";
            if (r.name == null || !r.name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                problems.add(
                        new Problem(
                                at + ".name",
                                "'" + r.name + "' must be a DNS label (lowercase, digits, '-')"));
            } else if (!names.add(r.name)) {
                problems.add(
                        new Problem(
                                at + ".name",
                                "'" + r.name + "' is used by an earlier rule; names are unique"));
            }
            if (r.metric == null) {
                problems.add(new Problem(at + ".metric", "is required: temperature or humidity"));
                continue;
            }
            if ((r.above == null) == (r.below == null)) {
                problems.add(new Problem(at, "set exactly one of above and below"));
            } else if (!r.metric.inRange(r.threshold())) {
                problems.add(
                        new Problem(
                                at + (r.above != null ? ".above" : ".below"),
                                r.threshold()
                                        + " is outside the "
                                        + r.metric.wireName()
                                        + " range "
                                        + r.metric.rangeText()));
            }
            if (r.consecutiveWindows == null
                    || r.consecutiveWindows < 1
                    || r.consecutiveWindows > 100) {
                problems.add(new Problem(at + ".consecutiveWindows", "must be 1 .. 100"));
            }
        }
    }

    private void checkpointing(SensorPipeline p, List<Problem> problems) {
        Duration interval =
                duration(
                        "spec.checkpointing.interval",
                        p.getSpec().checkpointing.interval,
                        problems);
        if (interval != null && interval.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add(new Problem("spec.checkpointing.interval", "must be at least 100ms"));
        }
        String dir = factory.storageDir(p);
        if (dir == null) {
            problems.add(
                    new Problem(
                            "spec.checkpointing.storageDir",
                            "is required: the controller has no default state directory"
                                    + " (SENSORFLOW_STATE_DIR); give a URI like"
                                    + " s3://bucket/sensorflow/"
                                    + p.getMetadata().getName()));
        } else if (!STORAGE_URI.matcher(dir).matches()) {
            problems.add(
                    new Problem(
                            "spec.checkpointing.storageDir",
                            "'" + dir + "' is not a URI with a scheme (s3://, gs://, file://...)"));
        }
    }

    private static Duration duration(String field, String text, List<Problem> problems) {
        Duration d = SpecDurations.parse(text);
        if (d == null) {
            problems.add(
                    new Problem(
                            field,
                            "'" + text + "' is not a duration; write it like 500ms, 30s, 10m, 1h"));
        }
        return d;
    }

    private static void memory(
            String field, String text, long minMebibytes, List<Problem> problems) {
        Matcher m = MEMORY.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            problems.add(
                    new Problem(field, "'" + text + "' is not a memory size like 1600m or 2g"));
            return;
        }
        double amount = Double.parseDouble(m.group(1));
        double mebibytes =
                switch (m.group(2).toLowerCase()) {
                    case "k" -> amount / 1024;
                    case "m" -> amount;
                    case "g" -> amount * 1024;
                    case "t" -> amount * 1024 * 1024;
                    default -> amount / (1024 * 1024);
                };
        if (mebibytes < minMebibytes) {
            problems.add(
                    new Problem(
                            field,
                            "'"
                                    + text
                                    + "' is too little for Flink (metaspace and JVM overhead alone"
                                    + " take about 450m); give at least "
                                    + minMebibytes
                                    + "m"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
