package io.sensorflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sensorflow.operator.crd.SensorPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's HTTP endpoints: probes and Prometheus metrics, as the kubelet and a scraper see
 * them.
 */
@EnableKubernetesMockClient(crud = true)
class SensorFlowOperatorTest {
    static KubernetesClient client;
    static final String NS = "probes";
    final HttpClient http = HttpClient.newHttpClient();
    SensorFlowOperator operator;

    @BeforeEach
    void start() {
        operator = Pipelines.startController(client);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.resources(SensorPipeline.class).inNamespace(NS).delete();
    }

    @Test
    void probesAnswerOnceStarted() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok\n");
        assertThat(
                        send(HttpRequest.newBuilder(uri("/readyz"))
                                        .POST(HttpRequest.BodyPublishers.noBody()))
                                .statusCode())
                .isEqualTo(405);
    }

    @Test
    void metricsCountReconcilesAndPipelinesPerPhase() throws Exception {
        Greenhouse greenhouse = new Greenhouse(client, NS);
        greenhouse.create();
        greenhouse.awaitFlinkDeployment();

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String body =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> get("/metrics").body(),
                                b -> b.contains("sensorflow_pipelines{phase=\"Deploying\"} 1"));
        assertThat(body)
                .contains("sensorflow_pipelines{phase=\"Running\"} 0")
                .contains("sensorflow_pipelines{phase=\"Invalid\"} 0")
                .containsPattern("operator_sdk_reconciliations_success_total\\{[^}]*} [1-9]")
                .containsPattern(
                        "operator_sdk_controllers_execution_reconcile_seconds_count\\{[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes");
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + operator.httpPort() + path);
    }
}
