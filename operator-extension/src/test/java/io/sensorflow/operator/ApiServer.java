package io.sensorflow.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests need of the mock API server beyond CRUD, and of the machine. */
public final class ApiServer {
    private ApiServer() {}

    /**
     * The Java Operator SDK asks the API server whether it may use Leases before it competes; the
     * mock has no RBAC, so it is told yes, as a cluster with the chart's Lease Role would.
     */
    public static void grantLeaseAccess(KubernetesMockServer server) {
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(
                        201,
                        new SelfSubjectRulesReviewBuilder()
                                .withNewStatus()
                                .withIncomplete(false)
                                .withResourceRules(
                                        new ResourceRuleBuilder()
                                                .withApiGroups("coordination.k8s.io")
                                                .withResources("leases")
                                                .withVerbs("get", "create", "update", "patch")
                                                .build())
                                .endStatus()
                                .build())
                .always();
    }

    /** A kubeconfig naming this API server, as `kubectl config view --raw` would show it. */
    public static Path writeKubeconfig(Path file, String server, String namespace) {
        try {
            Files.writeString(
                    file,
                    """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster: {server: "%s", insecure-skip-tls-verify: true}
                    users:
                    - name: tester
                      user: {token: secret}
                    contexts:
                    - name: mock
                      context: {cluster: mock, user: tester, namespace: %s}
                    current-context: mock
                    """
                            .formatted(server, namespace));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
