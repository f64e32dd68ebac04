package io.sensorflow.job.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/** fabric8's mock Kubernetes API server in CRUD mode, over plain HTTP, for the job's tests. */
public final class MockApiServer {
    private MockApiServer() {}

    /** A new server, not yet started ({@code init()} starts it). */
    public static KubernetesMockServer crud() {
        return new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()),
                false);
    }

    /** A kubeconfig naming this server, with this namespace as the context's. */
    public static Path kubeconfig(Path file, String server, String namespace) throws IOException {
        Files.writeString(
                file,
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: job, user: {token: job}}]
                contexts: [{name: mock, context: {cluster: mock, user: job, namespace: %s}}]
                current-context: mock
                """
                        .formatted(server, namespace));
        return file;
    }
}
