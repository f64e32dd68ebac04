package io.sensorflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sensorflow.operator.crd.SensorPipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar operator-extension/target/sensorflow-operator.jar} as a user runs it: the
 * cluster from KUBECONFIG (here fabric8's mock API server), settings from the environment, probes
 * on the HTTP port, an orderly stop on SIGTERM, and exit status 2 for a bad setting.
 */
@EnableKubernetesMockClient(crud = true)
class PackagedOperatorIT {
    static KubernetesClient client;
    static final Path JAR = Path.of(System.getProperty("sensorflow.operatorJar"));

    @TempDir Path dir;

    @Test
    void reconcilesTheClusterInKubeconfigAndStopsInOrderOnSigterm() throws Exception {
        int port = ApiServer.freePort();
        Path log = dir.resolve("operator.log");
        Process operator =
                start(
                        Map.of(
                                "KUBECONFIG",
                                kubeconfig().toString(),
                                "SENSORFLOW_HTTP_PORT",
                                String.valueOf(port),
                                "SENSORFLOW_STATE_DIR",
                                "s3://state/",
                                "SENSORFLOW_NAMESPACES",
                                "plant"),
                        log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    http.send(
                                                    HttpRequest.newBuilder(ready).build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .statusCode(),
                            code -> code == 200);

            client.resource(Pipelines.greenhouse("plant")).create();
            FlinkDeployment fd =
                    await().atMost(Duration.ofSeconds(60))
                            .until(
                                    () ->
                                            client.resources(FlinkDeployment.class)
                                                    .inNamespace("plant")
                                                    .withName("greenhouse")
                                                    .get(),
                                    found -> found != null);
            assertThat(fd.getSpec().getFlinkConfiguration())
                    .containsEntry(
                            "execution.checkpointing.dir",
                            "s3://state/plant/greenhouse/checkpoints");
            // the controller's default image, as no pipeline or setting names one
            assertThat(fd.getSpec().getImage()).isEqualTo("sensorflow/sensorflow-job:0.1.0");
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    client.resources(SensorPipeline.class)
                                            .inNamespace("plant")
                                            .withName("greenhouse")
                                            .get()
                                            .getStatus(),
                            s -> s != null && s.observedGeneration != null);
            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics).contains("sensorflow_pipelines{phase=\"Deploying\"} 1");
        } finally {
            operator.destroy(); // SIGTERM
        }
        assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output)
                .contains(
                        "sensors/greenhouse".replace("sensors", "plant")
                                + ": created FlinkDeployment")
                .contains("Stopping")
                .doesNotContain("Exception");
    }

    @Test
    void aBadSettingIsAMessageAndExitStatus2() throws Exception {
        Path log = dir.resolve("bad.log");
        Process p =
                start(
                        Map.of(
                                "KUBECONFIG",
                                kubeconfig().toString(),
                                "SENSORFLOW_HTTP_PORT",
                                "eighty"),
                        log);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log, StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "sensorflow-operator: SENSORFLOW_HTTP_PORT must be a port number, not 'eighty'");
    }

    /**
     * No container engine here, so the image is not built; this checks what would otherwise fail
     * only in a cluster: the Dockerfile copies and starts this very jar, on a Java 17 runtime, as a
     * numeric non-root user (runAsNonRoot can only check a number).
     */
    @Test
    void theImageRunsThisJarAsANonRootUser() throws IOException {
        List<String> lines =
                Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip).toList();
        String copy = lines.stream().filter(l -> l.startsWith("COPY ")).findFirst().orElseThrow();
        String[] parts = copy.split(" ");
        assertThat(Path.of(parts[1]).toAbsolutePath()).isEqualTo(JAR.toAbsolutePath());
        assertThat(lines)
                .filteredOn(l -> l.startsWith("ENTRYPOINT"))
                .singleElement()
                .asString()
                .contains("\"-jar\", \"" + parts[2] + "\"");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("FROM "))
                .containsExactly("FROM eclipse-temurin:17-jre");
        assertThat(lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b))
                .hasValueSatisfying(u -> assertThat(u).matches("USER [1-9][0-9]*:[1-9][0-9]*"));
    }

    Process start(Map<String, String> env, Path log) throws IOException {
        return ControllerProcess.start(JAR, env, log);
    }

    Path kubeconfig() {
        return ApiServer.writeKubeconfig(
                dir.resolve("kubeconfig"), client.getMasterUrl().toString(), "default");
    }
}
