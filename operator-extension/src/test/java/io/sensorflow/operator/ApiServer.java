package io.sensorflow.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * Installs the SensorPipeline and FlinkDeployment CRDs, so that the mock API server treats
     * their status as the subresource it is: an update of the object leaves the status alone, as a
     * real API server does.
     */
    public static void installCrds(KubernetesClient client) {
        for (String resource :
                List.of(
                        "META-INF/fabric8/sensorpipelines.sensorflow.io-v1.yml",
                        "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(resource)) {
                CustomResourceDefinition crd =
                        Serialization.unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .createOr(existing -> existing.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
