package io.sensorflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sensorflow.operator.ApiServer;
import io.sensorflow.operator.Greenhouse;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.SensorFlowOperator;
import io.sensorflow.operator.config.OperatorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC against what the controller really does: every API request the controller makes
 * in a full run (create, edits, an invalid spec, status, events, leader election) is recorded at
 * the mock API server and must be allowed, in its namespace, by the controller's rendered roles
 * (the ClusterRole when it watches all namespaces, a Role per namespace when told which; the Lease
 * Role in its own); and every permission they grant must have been used by some request, so none is
 * spare.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    static final String NS = "plant";
    static final String AGENT = "sensorflow-operator-under-test";

    /** /api/v1/... or /apis/group/version/..., optionally namespaced, then resource, name, sub. */
    static final Pattern PATH =
            Pattern.compile(
                    "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");

    /**
     * A verb on a resource, in a namespace: "" for a request across all namespaces, "*" for a
     * ClusterRole's grant (any namespace).
     */
    record Access(String namespace, String group, String resource, String verb)
            implements Comparable<Access> {
        @Override
        public int compareTo(Access o) {
            return toString().compareTo(o.toString());
        }

        /** Whether this grant allows that request. */
        boolean allows(Access request) {
            return group.equals(request.group)
                    && resource.equals(request.resource)
                    && verb.equals(request.verb)
                    && (namespace.equals("*") || namespace.equals(request.namespace));
        }

        @Override
        public String toString() {
            return verb
                    + " "
                    + (group.isEmpty() ? "core" : group)
                    + "/"
                    + resource
                    + (namespace.isEmpty() ? "" : " in " + namespace);
        }
    }

    /** The two ways the chart installs the controller: all namespaces, or named ones. */
    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(List.of(), Map.of()),
                Arguments.of(List.of(NS), Map.of("watchNamespaces[0]", NS)));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void theControllerNeedsExactlyWhatTheChartGrants(
            List<String> namespaces, Map<String, Object> values) throws Exception {
        String own = client.getNamespace(); // the controller's namespace: the chart's release one
        ApiServer.grantLeaseAccess(server);
        KubernetesClient controllerClient =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder(client.getConfiguration())
                                        .withUserAgent(AGENT)
                                        .build())
                        .build();
        OperatorSettings electing =
                new OperatorSettings(
                        namespaces, "registry.example/sensorflow-job:1.0", "s3://state", true, 0);
        SensorFlowOperator operator =
                SensorFlowOperator.start(
                        controllerClient, electing, Pipelines.quickLease("rbac"), () -> {});
        try {
            Greenhouse greenhouse = new Greenhouse(client, NS);
            greenhouse.create();
            greenhouse.awaitObservedGeneration(1);
            greenhouse.edit(s -> s.window.size = "5m");
            greenhouse.awaitObservedGeneration(2);
            greenhouse.edit(s -> s.alerting.rules.get(0).above = 35.0);
            greenhouse.awaitObservedGeneration(3);
            greenhouse.edit(s -> s.window.maxOutOfOrderness = "20m"); // invalid: a Warning event
            greenhouse.awaitObservedGeneration(4);
            // the lease is renewed at least once
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        } finally {
            operator.close();
            controllerClient.close();
            new Greenhouse(client, NS).deleteAll();
            client.leases().inAnyNamespace().delete();
        }

        Set<Access> used = new TreeSet<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            String agent = r.getHeader("User-Agent");
            if (agent == null || !agent.contains(AGENT)) {
                continue; // the test's own requests
            }
            Access access = access(r.getMethod(), r.getPath());
            if (access.resource().equals("selfsubjectrulesreviews")) {
                // Any authenticated user may ask what it may do (system:basic-user). The SDK asks
                // before it competes for the Lease, and refuses to unless these are granted.
                for (String verb : List.of("get", "create", "update")) {
                    used.add(new Access(own, "coordination.k8s.io", "leases", verb));
                }
            } else {
                used.add(access);
            }
        }
        // Creating objects whose owner reference blocks the owner's deletion needs this where the
        // API server enforces owner-reference permissions (OpenShift); the mock does not.
        used.add(new Access(NS, "sensorflow.io", "sensorpipelines/finalizers", "update"));

        List<HasMetadata> chart = Chart.objects(values);
        List<Access> granted = new ArrayList<>();
        for (ClusterRole role : Chart.all(chart, ClusterRole.class)) {
            grants("*", role.getRules(), granted);
        }
        for (Role role : Chart.all(chart, Role.class)) {
            if (role.getMetadata().getName().startsWith("sensorflow-operator")) {
                String ns = role.getMetadata().getNamespace();
                grants(ns.equals(Chart.NAMESPACE) ? own : ns, role.getRules(), granted);
            }
        }
        assertThat(used)
                .as("requests the chart does not allow")
                .allSatisfy(u -> assertThat(granted).anyMatch(g -> g.allows(u)));
        assertThat(granted)
                .as("permissions the controller never used")
                .allSatisfy(g -> assertThat(used).anyMatch(g::allows));
    }

    static void grants(String namespace, List<PolicyRule> rules, List<Access> out) {
        for (PolicyRule rule : rules) {
            for (String g : rule.getApiGroups()) {
                for (String res : rule.getResources()) {
                    for (String v : rule.getVerbs()) {
                        out.add(new Access(namespace, g, res, v));
                    }
                }
            }
        }
    }

    static Access access(String method, String pathAndQuery) {
        String path = pathAndQuery.replaceFirst("\\?.*", "");
        Matcher m = PATH.matcher(path);
        assertThat(m.matches()).as(path).isTrue();
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
        boolean named = m.group(4) != null;
        String verb =
                switch (method) {
                    case "GET" ->
                            named ? "get" : pathAndQuery.contains("watch=true") ? "watch" : "list";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> named ? "delete" : "deletecollection";
                    default -> throw new IllegalArgumentException(method + " " + path);
                };
        return new Access(m.group(2) == null ? "" : m.group(2), group, resource, verb);
    }
}
