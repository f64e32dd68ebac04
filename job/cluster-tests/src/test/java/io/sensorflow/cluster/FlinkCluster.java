package io.sensorflow.cluster;

import static org.awaitility.Awaitility.await;

import io.sensorflow.job.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A standalone Flink session cluster as the image runs one: a JobManager process and TaskManager
 * processes, each its own JVM on the {@code lib/} that the {@code flink-lib} module composes from
 * Flink's jars, started the way Flink's launch scripts start them (the memory options come from
 * Flink's own {@code BashJavaUtils}, the JVM options are those of Flink's default configuration on
 * Java 17).
 */
public final class FlinkCluster implements AutoCloseable {
    /** The JVM options Flink 1.20's default configuration gives every process on Java 17. */
    static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path home;
    private final Path lib;
    private final Map<String, String> environment;

    /** Every process started, the JobManager first: all are stopped on close. */
    private final List<Process> processes = new ArrayList<>();

    private final List<Process> taskManagers = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::close, "stop flink cluster");
    private final FlinkRest rest;

    private FlinkCluster(Path home, Path lib, Map<String, String> environment, int restPort) {
        this.home = home;
        this.lib = lib;
        this.environment = environment;
        this.rest = new FlinkRest("http://127.0.0.1:" + restPort);
    }

    /**
     * Starts a JobManager and one TaskManager on the {@code lib/} at {@code lib}. The processes
     * find the Kubernetes API through {@code KUBECONFIG}, as a pod outside a cluster would.
     */
    public static FlinkCluster start(Path lib, Path kubeconfig)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(
                    "No Flink lib/ at " + lib + ": build the flink-lib module first");
        }
        Path home = Files.createTempDirectory("flink-cluster");
        int restPort = Ports.free();
        writeConfiguration(home, restPort);
        FlinkCluster cluster =
                new FlinkCluster(home, lib, Map.of("KUBECONFIG", kubeconfig.toString()), restPort);
        // whatever happens from here on, no process outlives the test JVM
        Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
        try {
            cluster.startJobManager();
            cluster.startTaskManager();
            cluster.rest.awaitTaskManagers(1, Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startJobManager() throws IOException, InterruptedException {
        Params params = resourceParams("GET_JM_RESOURCE_PARAMS");
        List<String> jm = new ArrayList<>(params.jvm());
        jm.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        jm.addAll(List.of("--configDir", conf().toString(), "--executionMode", "cluster"));
        jm.addAll(params.dynamic());
        Process jobManager = launch("jobmanager", jm);
        await("the JobManager's REST API")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .failFast("The JobManager exited; see " + home, () -> !jobManager.isAlive())
                .until(rest::isUp);
    }

    public FlinkRest rest() {
        return rest;
    }

    public Path home() {
        return home;
    }

    /** The log files of the JobManager and every TaskManager started so far. */
    public List<Path> logs() throws IOException {
        return logs(".log");
    }

    /** The files of the log directory whose names end so. */
    List<Path> logs(String ending) throws IOException {
        try (var files = Files.list(home.resolve("log"))) {
            return files.filter(f -> f.toString().endsWith(ending)).sorted().toList();
        }
    }

    /** Starts one more TaskManager process (two slots), as Kubernetes restarts a pod. */
    public synchronized void startTaskManager() throws IOException, InterruptedException {
        Params params = resourceParams("GET_TM_RESOURCE_PARAMS");
        List<String> tm = new ArrayList<>(params.jvm());
        tm.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        tm.addAll(List.of("--configDir", conf().toString()));
        tm.addAll(params.dynamic());
        taskManagers.add(launch("taskmanager-" + taskManagers.size(), tm));
    }

    /**
     * {@code kill -9} of every running TaskManager process (the tests run one at a time): no
     * shutdown hook, no goodbye to the JobManager.
     */
    public synchronized void killTaskManagers() throws InterruptedException {
        for (Process p : taskManagers) {
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("A TaskManager survived SIGKILL");
                }
            }
        }
    }

    /** How many lines of the TaskManagers' logs, all of them so far, contain {@code text}. */
    public long taskManagerLogLines(String text) throws IOException {
        long n = 0;
        for (Path log : logs()) {
            if (log.getFileName().toString().startsWith("taskmanager-")) {
                try (var lines = Files.lines(log)) {
                    n += lines.filter(l -> l.contains(text)).count();
                }
            }
        }
        return n;
    }

    private Path conf() {
        return home.resolve("conf");
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        Path logDir = home.resolve("log");
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(JAVA_17_OPTIONS);
        // every class and the jar it came from: how the class-loading test sees what the user
        // jar supplied
        command.add(
                "-Xlog:class+load=info:file=" + logDir.resolve(name + "-classes.txt") + ":uptime");
        command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + conf().resolve("log4j.properties").toUri());
        command.add("-classpath");
        command.add(lib + "/*");
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true);
        pb.redirectOutput(logDir.resolve(name + ".out").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** What Flink's launch scripts ask BashJavaUtils for: the JVM memory options and -D flags. */
    private Params resourceParams(String command) throws IOException, InterruptedException {
        List<String> call = new ArrayList<>();
        call.add(JAVA);
        call.addAll(List.of("-classpath", lib + "/*"));
        call.add("org.apache.flink.runtime.util.bash.BashJavaUtils");
        call.addAll(List.of(command, "--configDir", conf().toString()));
        Process p = new ProcessBuilder(call).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
        }
        List<String> results =
                out.lines()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " said:\n" + out);
        }
        return new Params(
                split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
    }

    private static List<String> split(String line) {
        return Arrays.stream(line.split(" ")).filter(s -> !s.isBlank()).toList();
    }

    private record Params(List<String> jvm, List<String> dynamic) {}

    private static void writeConfiguration(Path home, int restPort) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(Ports.free()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.memory.process.size", "1536m");
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("parallelism.default", "1");
        c.put("io.tmp.dirs", home.resolve("tmp").toString());
        c.put("web.tmpdir", home.resolve("web").toString());
        c.put("blob.storage.directory", home.resolve("blobs").toString());
        // A killed TaskManager is declared dead when heartbeats to it fail twice in a row
        // (heartbeat.rpc-failure-threshold); a heartbeat every 2 s instead of Flink's 10 s. On
        // Kubernetes the resource manager learns of a dead pod from its watch instead.
        c.put("heartbeat.interval", "2000");
        // user code must not end the shared JobManager
        c.put("cluster.intercept-user-system-exit", "THROW");
        Files.writeString(
                conf.resolve("config.yaml"),
                c.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        ""));
    }

    /** Stops every process: SIGTERM, and SIGKILL for what is still there after 10 s. */
    @Override
    public synchronized void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this is the hook
        }
    }
}
