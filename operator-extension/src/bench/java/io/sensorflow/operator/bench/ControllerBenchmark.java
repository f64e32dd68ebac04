package io.sensorflow.operator.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.ControllerProcess;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * The controller under load, run on purpose (not a test): N SensorPipelines created at once on
 * fabric8's mock API server, the packaged controller ({@code target/sensorflow-operator.jar}) in
 * its own JVM reconciling them through KUBECONFIG. Prints the time until every FlinkDeployment and
 * ConfigMap exists, then the latency from an edit to the updated object (window edits reach the
 * FlinkDeployment, threshold edits the ConfigMap) over E edits with all N pipelines present, and
 * the controller's heap and resident memory.
 *
 * <p>{@code mvn -q -B -Pbench-controller -pl operator-extension -am package -DskipTests
 * [-Dbench.args="1000 100"]}
 */
public final class ControllerBenchmark {
    static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    private static int exitStatus;

    static int run(String[] args) throws Exception {
        int pipelines = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path jar = Path.of(System.getProperty("sensorflow.operatorJar"));

        KubernetesMockServer server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        new HashMap<>(),
                        new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(
                                new HashMap<>()),
                        false);
        server.init();
        KubernetesClient client = server.createClient();
        ApiServer.installCrds(client);
        Path dir = Files.createTempDirectory("controller-bench");
        int port = ApiServer.freePort();
        Process controller =
                startController(
                        jar,
                        ApiServer.writeKubeconfig(
                                dir.resolve("kubeconfig"),
                                client.getMasterUrl().toString(),
                                "default"),
                        port,
                        dir);
        try {
            awaitReady(port);
            Map<String, Long> fdSeen = new ConcurrentHashMap<>();
            Map<String, Long> cmSeen = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Long>> awaited = new ConcurrentHashMap<>();
            SharedIndexInformer<FlinkDeployment> fds =
                    client.resources(FlinkDeployment.class)
                            .inNamespace(NS)
                            .inform(
                                    handler(
                                            (FlinkDeployment fd, Long t) -> {
                                                String name = fd.getMetadata().getName();
                                                fdSeen.putIfAbsent(name, t);
                                                complete(awaited, name + " " + window(fd), t);
                                            }));
            SharedIndexInformer<ConfigMap> cms =
                    client.configMaps()
                            .inNamespace(NS)
                            .inform(
                                    handler(
                                            (ConfigMap cm, Long t) -> {
                                                String name = cm.getMetadata().getName();
                                                cmSeen.putIfAbsent(name, t);
                                                complete(awaited, name + " " + version(cm), t);
                                            }));

            long start = System.nanoTime();
            List<CompletableFuture<?>> creates = new ArrayList<>();
            for (int i = 0; i < pipelines; i++) {
                SensorPipeline p = Pipelines.greenhouse(NS);
                p.getMetadata().setName("p-" + i);
                creates.add(CompletableFuture.runAsync(() -> client.resource(p).create()));
            }
            CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).join();
            long created = System.nanoTime();
            while (fdSeen.size() < pipelines || cmSeen.size() < pipelines) {
                Thread.sleep(10);
            }
            long allFd = fdSeen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            long allCm = cmSeen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(
                    "%d pipelines: created in %.1f s; every FlinkDeployment after %.1f s, every"
                            + " ConfigMap after %.1f s (from the first create)%n",
                    pipelines,
                    (created - start) / 1e9,
                    (allFd - start) / 1e9,
                    (allCm - start) / 1e9);
            // the Flink operator reports every job running; the controller mirrors it
            Map<String, Long> running = new ConcurrentHashMap<>();
            SharedIndexInformer<SensorPipeline> sps =
                    client.resources(SensorPipeline.class)
                            .inNamespace(NS)
                            .inform(
                                    handler(
                                            (SensorPipeline p, Long t) -> {
                                                if (p.getStatus() != null
                                                        && p.getStatus().phase
                                                                == SensorPipelineStatus.Phase
                                                                        .Running) {
                                                    running.putIfAbsent(
                                                            p.getMetadata().getName(), t);
                                                }
                                            }));
            long reporting = System.nanoTime();
            ExecutorService flinkOperator = Executors.newFixedThreadPool(8);
            for (FlinkDeployment fd : fds.getStore().list()) {
                flinkOperator.submit(() -> FlinkOperatorStandIn.reportRunning(client, fd));
            }
            flinkOperator.shutdown();
            flinkOperator.awaitTermination(5, TimeUnit.MINUTES);
            while (running.size() < pipelines) {
                Thread.sleep(10);
            }
            System.out.printf(
                    "every pipeline Running %.1f s after the Flink operator began reporting%n",
                    (running.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                                    - reporting)
                            / 1e9);
            Thread.sleep(3000); // let the status writes of the burst settle

            long[] windowLatency = new long[edits / 2];
            long[] thresholdLatency = new long[edits - edits / 2];
            for (int i = 0; i < edits; i++) {
                String name = "p-" + (i * 7919 % pipelines);
                boolean windowEdit = i % 2 == 0;
                String size = (i % 4 == 0) ? "5m" : "15m";
                double above = 30.0 + i + 1;
                String key = windowEdit ? name + " " + size : name + "-thresholds v%d";
                long t0 = System.nanoTime();
                SensorPipeline edited =
                        client.resources(SensorPipeline.class)
                                .inNamespace(NS)
                                .withName(name)
                                .edit(
                                        p -> {
                                            if (windowEdit) {
                                                p.getSpec().window.size = size;
                                            } else {
                                                p.getSpec().alerting.rules.get(0).above = above;
                                            }
                                            return p;
                                        });
                if (!windowEdit) {
                    key = key.formatted(edited.getMetadata().getGeneration());
                }
                CompletableFuture<Long> seen =
                        awaited.computeIfAbsent(key, k -> new CompletableFuture<>());
                long t1 = seen.get(60, TimeUnit.SECONDS);
                if (windowEdit) {
                    windowLatency[i / 2] = t1 - t0;
                } else {
                    thresholdLatency[i / 2] = t1 - t0;
                }
            }
            print("window edit -> FlinkDeployment", windowLatency);
            print("threshold edit -> ConfigMap", thresholdLatency);

            String metrics = get(port, "/metrics");
            System.out.printf(
                    "controller (%s): heap used %.0f MiB (committed %.0f, max %.0f MiB), non-heap %.0f MiB,"
                            + " resident %d MiB of the chart's %d MiB limit, %s live threads,"
                            + " %.1f s of CPU in all%n",
                    String.join(" ", ControllerProcess.jvmOptions()),
                    sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)") / 1048576,
                    sum(metrics, "jvm_memory_committed_bytes\\{area=\"heap\"[^}]*} (\\S+)")
                            / 1048576,
                    sum(metrics, "jvm_memory_max_bytes\\{area=\"heap\"[^}]*} (\\S+)") / 1048576,
                    sum(metrics, "jvm_memory_used_bytes\\{area=\"nonheap\"[^}]*} (\\S+)") / 1048576,
                    rssKiB(controller.pid()) / 1024,
                    ControllerProcess.chartMemoryLimitBytes() / 1048576,
                    (long) sum(metrics, "jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)"),
                    controller.info().totalCpuDuration().orElseThrow().toMillis() / 1e3);
            fds.close();
            cms.close();
            sps.close();
            long rss = rssKiB(controller.pid()) * 1024;
            if (rss > ControllerProcess.chartMemoryLimitBytes()) {
                System.out.println("OVER THE CHART'S MEMORY LIMIT");
                exitStatus = 1;
            }
        } finally {
            controller.destroy();
            controller.waitFor(30, TimeUnit.SECONDS);
            client.close();
            server.destroy();
        }
        return exitStatus;
    }

    static <T> ResourceEventHandler<T> handler(BiConsumer<T, Long> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                seen.accept(obj, System.nanoTime());
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                seen.accept(newObj, System.nanoTime());
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
        };
    }

    static void complete(Map<String, CompletableFuture<Long>> awaited, String key, long t) {
        awaited.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(t);
    }

    /** The thresholds version a ConfigMap publishes, as "v7". */
    static String version(ConfigMap cm) {
        try {
            return "v"
                    + new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(cm.getData().get("thresholds.json"))
                            .path("version")
                            .asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String window(FlinkDeployment fd) {
        List<String> args = Arrays.asList(fd.getSpec().getJob().getArgs());
        return args.get(args.indexOf("--window-size") + 1);
    }

    static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s over %d edits: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                sorted.length,
                sorted[(int) Math.ceil(0.50 * sorted.length) - 1] / 1e6,
                sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    static Process startController(Path jar, Path kubeconfig, int port, Path dir)
            throws IOException {
        System.out.println("controller log: " + dir.resolve("controller.log"));
        return ControllerProcess.start(
                jar,
                Map.of(
                        "KUBECONFIG",
                        kubeconfig.toString(),
                        "SENSORFLOW_HTTP_PORT",
                        String.valueOf(port),
                        "SENSORFLOW_STATE_DIR",
                        "s3://state",
                        "SENSORFLOW_NAMESPACES",
                        NS),
                dir.resolve("controller.log"));
    }

    static void awaitReady(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the controller did not become ready");
    }

    static String get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static double sum(String metrics, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex).matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
