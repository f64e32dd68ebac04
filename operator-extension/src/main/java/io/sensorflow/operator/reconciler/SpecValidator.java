package io.sensorflow.operator.reconciler;

import io.sensorflow.api.Durations;
import io.sensorflow.api.KubernetesNames;
import io.sensorflow.api.Pipelines;
import io.sensorflow.api.Problem;
import io.sensorflow.api.ReadStores;
import io.sensorflow.api.Rules;
import io.sensorflow.api.Topics;
import io.sensorflow.api.Windows;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.flink.FlinkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the CRD schema cannot check, checked the way Flink, Kafka and the job would, before anything
 * reaches the FlinkDeployment. Each problem names the field and says how to fix it. The schema's
 * own checks are repeated where a spec may reach the controller without them (an API server without
 * CEL, defaults not applied, an object stored under an older CRD); the rules, topics and window go
 * through the very checks the job applies to its command line.
 */
public final class SpecValidator {
    /** Flink derives Service and ConfigMap names from the cluster id: an RFC 1035 label, <= 45. */
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private static final int CLUSTER_ID_MAX = 45;
    private static final Pattern MEMORY =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?");
    private static final Pattern STORAGE_URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.+");

    private final FlinkDeploymentFactory factory;

    public SpecValidator(FlinkDeploymentFactory factory) {
        this.factory = factory;
    }

    public List<Problem> validate(SensorPipeline p) {
        SensorPipelineSpec s = p.getSpec();
        if (s != null && s.unreadable() != null) {
            return List.of(s.unreadable());
        }
        List<Problem> problems = new ArrayList<>();
        clusterId(p.getMetadata().getName(), problems);
        if (s == null || s.kafka == null || blank(s.kafka.bootstrapServers)) {
            problems.add(
                    new Problem(
                            "spec.kafka.bootstrapServers",
                            "is required: the Kafka cluster's HOST:PORT list"));
            return problems;
        }
        bootstrapServers(s.kafka.bootstrapServers, problems);
        for (Problem t : Topics.check(s.kafka.topics.byRole())) {
            problems.add(at("spec.kafka.topics." + t.field(), t));
        }
        window(s, problems);
        readStore(s, problems);
        List<Rules.Draft> drafts =
                s.alerting.rules == null
                        ? List.of()
                        : s.alerting.rules.stream().map(RuleSpec::draft).toList();
        for (Problem r : Rules.check(drafts, false)) {
            problems.add(at("spec.alerting.rules" + r.field(), r));
        }
        checkpointing(p, problems);
        memory("spec.jobManager.memory", s.jobManager.memory, 512, problems);
        memory("spec.taskManager.memory", s.taskManager.memory, 1024, problems);
        parallelism("spec.parallelism", s.parallelism, problems);
        parallelism("spec.autoscaler.minParallelism", s.autoscaler.minParallelism, problems);
        parallelism("spec.autoscaler.maxParallelism", s.autoscaler.maxParallelism, problems);
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

    /**
     * A parallelism the job can run: up to its maximum parallelism, the key groups of its state.
     */
    private static void parallelism(String field, Integer value, List<Problem> problems) {
        if (value == null || value < 1 || value > Pipelines.MAX_PARALLELISM) {
            problems.add(
                    new Problem(
                            field,
                            value
                                    + " is outside 1 .. "
                                    + Pipelines.MAX_PARALLELISM
                                    + " (the job's maximum parallelism, which its savepoints"
                                    + " depend on)"));
        }
    }

    /** The job refuses any other URL at start; a Secret's name must be one Kubernetes takes. */
    private static void readStore(SensorPipelineSpec s, List<Problem> problems) {
        if (s.readStore == null) {
            return;
        }
        ReadStores.checkUrl(s.readStore.url)
                .ifPresent(p -> problems.add(at("spec.readStore.url", p)));
        String secret = s.readStore.credentialsSecret;
        if (secret != null && !KubernetesNames.isDnsSubdomain(secret)) {
            problems.add(
                    new Problem(
                            "spec.readStore.credentialsSecret",
                            "'" + secret + "' is not a valid Secret name"));
        }
    }

    private static Problem at(String field, Problem p) {
        return new Problem(field, p.message());
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

    private static void bootstrapServers(String servers, List<Problem> problems) {
        for (String server : servers.split(",")) {
            int colon = server.lastIndexOf(':');
            int port;
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
    }

    private static void window(SensorPipelineSpec s, List<Problem> problems) {
        Duration size = duration("spec.window.size", s.window.size, problems);
        Duration ooo =
                duration("spec.window.maxOutOfOrderness", s.window.maxOutOfOrderness, problems);
        duration("spec.window.idleTimeout", s.window.idleTimeout, problems);
        if (size != null && ooo != null) {
            for (Problem w : Windows.check(size, ooo)) {
                problems.add(at("spec.window." + w.field(), w));
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
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(field, e.getMessage()));
            return null;
        }
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
