package io.sensorflow.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar sensorflow-operator.jar} in a process of its own, as the image runs it in a pod
 * of the chart: the JVM options of the Dockerfile's ENTRYPOINT, and the memory the chart's limit
 * gives the container ({@code -XX:MaxRAM}, which the JVM sizes itself by as it would by the
 * container's cgroup limit).
 */
public final class ControllerProcess {
    /** Paths from the module's directory, where tests and benchmarks run. */
    static final Path DOCKERFILE = Path.of("Dockerfile");

    static final Path CHART_VALUES = Path.of("..", "helm", "sensorflow", "values.yaml");

    private ControllerProcess() {}

    /** Starts the jar with these settings (none inherited from this process), its output to log. */
    public static Process start(Path jar, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SENSORFLOW_") || k.startsWith("KUBERNETES_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The image's JVM options, and the memory and CPUs of a container at the chart's limits. */
    public static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(imageJvmOptions());
        options.add("-XX:MaxRAM=" + chartMemoryLimitBytes());
        options.add("-XX:ActiveProcessorCount=" + chartCpuLimit());
        return options;
    }

    /** The JVM options between {@code java} and {@code -jar} in the Dockerfile's ENTRYPOINT. */
    static List<String> imageJvmOptions() {
        try {
            String entrypoint =
                    Files.readAllLines(DOCKERFILE).stream()
                            .filter(l -> l.startsWith("ENTRYPOINT"))
                            .findFirst()
                            .orElseThrow()
                            .substring("ENTRYPOINT".length());
            List<String> command = new ArrayList<>();
            Serialization.jsonMapper().readTree(entrypoint).forEach(n -> command.add(n.asText()));
            return command.subList(1, command.indexOf("-jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code resources.limits.memory} of the chart's values, in bytes. */
    public static long chartMemoryLimitBytes() {
        return Quantity.getAmountInBytes(new Quantity(chartLimit("memory"))).longValueExact();
    }

    /** {@code resources.limits.cpu} of the chart's values, in whole CPUs as the JVM counts them. */
    static int chartCpuLimit() {
        BigDecimal cpus = Quantity.getAmountInBytes(new Quantity(chartLimit("cpu")));
        return Math.max(1, cpus.setScale(0, RoundingMode.CEILING).intValueExact());
    }

    private static String chartLimit(String resource) {
        try {
            JsonNode values = Serialization.yamlMapper().readTree(CHART_VALUES.toFile());
            return values.path("resources").path("limits").path(resource).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
