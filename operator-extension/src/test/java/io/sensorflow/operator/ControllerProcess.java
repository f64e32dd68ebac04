package io.sensorflow.operator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code java -jar sensorflow-operator.jar} in a process of its own, as users run it. */
public final class ControllerProcess {
    private ControllerProcess() {}

    /**
     * Starts the jar with this heap and these settings (none inherited from this process), its
     * output to {@code log}.
     */
    public static Process start(Path jar, String heap, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx" + heap,
                                "-jar",
                                jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SENSORFLOW_") || k.startsWith("KUBERNETES_"));
        pb.environment().putAll(env);
        return pb.start();
    }
}
