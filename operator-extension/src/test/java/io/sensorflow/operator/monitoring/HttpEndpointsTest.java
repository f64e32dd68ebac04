package io.sensorflow.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The probes answer what their checks say, at the moment they are asked. */
class HttpEndpointsTest {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFailingCheckIs503AndRecovers() throws Exception {
        AtomicBoolean alive = new AtomicBoolean(true);
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HttpEndpoints endpoints =
                HttpEndpoints.start(0, alive::get, ready::get, () -> "m 1\n")) {
            assertThat(status(endpoints, "/healthz")).isEqualTo(200);
            assertThat(status(endpoints, "/readyz")).isEqualTo(503);
            ready.set(true);
            alive.set(false);
            assertThat(status(endpoints, "/readyz")).isEqualTo(200);
            assertThat(status(endpoints, "/healthz")).isEqualTo(503);
            assertThat(status(endpoints, "/metrics")).isEqualTo(200);
        }
    }

    int status(HttpEndpoints endpoints, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + endpoints.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
