package io.sensorflow.operator.chart;

import static io.sensorflow.operator.chart.Chart.all;
import static io.sensorflow.operator.chart.Chart.named;
import static io.sensorflow.operator.chart.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.sensorflow.operator.flink.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart, linted and rendered by real Helm with the value sets users will use. */
class ChartTest {
    static final String OPERATOR = "sensorflow-operator";

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsInstallTwoElectingControllersWatchingAllNamespaces() {
        List<HasMetadata> objects = Chart.objects(Map.of());
        assertThat(objects).noneMatch(o -> o instanceof GenericKubernetesResource);

        Deployment d = named(objects, Deployment.class, OPERATOR).orElseThrow();
        assertThat(d.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("sensorflow/sensorflow-operator:0.1.0");
        assertThat(env(c))
                .containsEntry("SENSORFLOW_LEADER_ELECTION", "true")
                .containsEntry("SENSORFLOW_NAMESPACES", "")
                .containsEntry("SENSORFLOW_JOB_IMAGE", "sensorflow/sensorflow-job:0.1.0")
                .containsEntry("SENSORFLOW_HTTP_PORT", "8080")
                .containsEntry("SENSORFLOW_LOG_LEVEL", "INFO");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        // locked down: non-root, read-only root, no escalation, no capabilities, RuntimeDefault
        var pod = d.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(OPERATOR);

        assertThat(named(objects, ServiceAccount.class, OPERATOR)).isPresent();
        assertThat(named(objects, ClusterRole.class, OPERATOR)).isPresent();
        assertThat(named(objects, ClusterRoleBinding.class, OPERATOR).orElseThrow().getSubjects())
                .singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE));
        assertThat(named(objects, Role.class, OPERATOR + "-leader-election")).isPresent();
        assertThat(
                        named(objects, PodDisruptionBudget.class, OPERATOR)
                                .orElseThrow()
                                .getSpec()
                                .getMinAvailable()
                                .getIntVal())
                .isEqualTo(1);
        assertThat(named(objects, Service.class, OPERATOR + "-metrics")).isPresent();
        // the job's accounts where pipelines run (here the release namespace), under the names
        // the controller gives the JobManager and the TaskManagers
        assertThat(jobAccountNamespaces(objects)).containsExactly(Chart.NAMESPACE);
        assertThat(named(objects, ServiceAccount.class, Names.JOB_SERVICE_ACCOUNT)).isPresent();
        assertThat(named(objects, ServiceAccount.class, Names.TASKMANAGER_SERVICE_ACCOUNT))
                .isPresent();
        assertThat(
                        named(objects, Role.class, Names.TASKMANAGER_SERVICE_ACCOUNT)
                                .orElseThrow()
                                .getRules())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getResources()).containsExactly("configmaps");
                            assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
                        });
    }

    @Test
    void watchedNamespacesGetRolesAndNoClusterRole() {
        List<HasMetadata> objects =
                Chart.objects(
                        values("watchNamespaces[0]", "plant-a", "watchNamespaces[1]", "plant-b"));
        assertThat(all(objects, ClusterRole.class)).isEmpty();
        assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
        assertThat(
                        all(objects, Role.class).stream()
                                .filter(r -> r.getMetadata().getName().equals(OPERATOR))
                                .map(r -> r.getMetadata().getNamespace()))
                .containsExactly("plant-a", "plant-b");
        assertThat(all(objects, RoleBinding.class))
                .filteredOn(b -> b.getMetadata().getName().equals(OPERATOR))
                .allSatisfy(
                        b ->
                                assertThat(b.getSubjects().get(0).getNamespace())
                                        .isEqualTo(Chart.NAMESPACE));
        Container c = controller(objects);
        assertThat(env(c)).containsEntry("SENSORFLOW_NAMESPACES", "plant-a,plant-b");
        assertThat(jobAccountNamespaces(objects)).containsExactly("plant-a", "plant-b");
    }

    @Test
    void oneReplicaWithoutLeaderElectionHasNoLeaseRoleAndNoDisruptionBudget() {
        List<HasMetadata> objects =
                Chart.objects(values("replicaCount", 1, "leaderElection", false));
        assertThat(named(objects, Deployment.class, OPERATOR).orElseThrow().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(env(controller(objects))).containsEntry("SENSORFLOW_LEADER_ELECTION", "false");
        assertThat(all(objects, Role.class))
                .noneMatch(r -> r.getMetadata().getName().endsWith("leader-election"));
        assertThat(all(objects, PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void customImagesPullSecretsAndStateDirReachTheController() {
        List<HasMetadata> objects =
                Chart.objects(
                        values(
                                "image.repository", "registry.example/sensorflow-operator",
                                "image.tag", "1.2.3",
                                "image.pullPolicy", "Always",
                                "imagePullSecrets[0].name", "registry-login",
                                "job.image", "registry.example/sensorflow-job:1.2.3",
                                "job.stateDir", "s3://bucket/sensorflow",
                                "job.rbac.create", false,
                                "logLevel", "DEBUG",
                                "metrics.serviceMonitor.enabled", true,
                                "metrics.serviceMonitor.labels.release", "prometheus"));
        Deployment d = named(objects, Deployment.class, OPERATOR).orElseThrow();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/sensorflow-operator:1.2.3");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-login"));
        assertThat(env(c))
                .containsEntry("SENSORFLOW_JOB_IMAGE", "registry.example/sensorflow-job:1.2.3")
                .containsEntry("SENSORFLOW_STATE_DIR", "s3://bucket/sensorflow")
                .containsEntry("SENSORFLOW_LOG_LEVEL", "DEBUG");
        assertThat(jobAccountNamespaces(objects)).isEmpty();
        // the ServiceMonitor has no fabric8 model: it stays generic, with the user's labels
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("ServiceMonitor"))
                .singleElement()
                .satisfies(
                        m ->
                                assertThat(m.getMetadata().getLabels())
                                        .containsEntry("release", "prometheus"));
    }

    @Test
    void theDashboardConfigMapIsOptionalAndLabelledForGrafanasSidecar() throws Exception {
        assertThat(Chart.objects(values()))
                .noneMatch(
                        o ->
                                o instanceof ConfigMap
                                        && o.getMetadata().getName().endsWith("-dashboard"));
        List<HasMetadata> objects =
                Chart.objects(
                        values(
                                "grafana.dashboard.enabled",
                                true,
                                "grafana.dashboard.namespace",
                                "monitoring"));
        ConfigMap cm =
                all(objects, ConfigMap.class).stream()
                        .filter(c -> c.getMetadata().getName().endsWith("-dashboard"))
                        .findFirst()
                        .orElseThrow();
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        String shipped =
                Files.readString(Chart.DIR.resolve("dashboards/sensorflow-read-model.json"));
        assertThat(cm.getData().get("sensorflow-read-model.json")).isEqualTo(shipped.strip());
        // the same file for users of the plain manifests
        assertThat(Files.readString(Path.of("..", "k8s", "grafana", "sensorflow-read-model.json")))
                .isEqualTo(shipped);
    }

    @Test
    void aLongReleaseNameAndNumericQuantitiesStillGiveValidObjects() {
        String release = "greenhouse-analytics-production-eu-west-1";
        List<HasMetadata> objects =
                Chart.parse(
                        Chart.render(
                                release,
                                values("resources.limits.cpu", 2, "resources.requests.cpu", 0.5)));
        assertThat(objects)
                .isNotEmpty()
                .allSatisfy(
                        o ->
                                assertThat(o.getMetadata().getName())
                                        .hasSizeLessThanOrEqualTo(63)
                                        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
        Container c =
                all(objects, Deployment.class)
                        .get(0)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
    }

    @Test
    void noRoleUsesAWildcard() {
        for (Map<String, Object> values :
                List.of(Map.<String, Object>of(), values("watchNamespaces[0]", "plant-a"))) {
            List<HasMetadata> objects = Chart.objects(values);
            List<PolicyRule> rules =
                    Stream.concat(
                                    all(objects, Role.class).stream()
                                            .flatMap(r -> r.getRules().stream()),
                                    all(objects, ClusterRole.class).stream()
                                            .flatMap(r -> r.getRules().stream()))
                            .toList();
            assertThat(rules).isNotEmpty();
            assertThat(rules)
                    .allSatisfy(
                            r -> {
                                assertThat(r.getVerbs()).doesNotContain("*");
                                assertThat(r.getResources()).noneMatch(s -> s.contains("*"));
                                assertThat(r.getApiGroups()).doesNotContain("*");
                                assertThat(r.getNonResourceURLs()).isEmpty();
                            });
        }
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of(values("replicaCount", 0), "replicaCount"),
                Arguments.of(values("logLevel", "verbose"), "logLevel"),
                Arguments.of(values("image.pullPolicy", "Sometimes"), "pullPolicy"),
                Arguments.of(values("watchNamespaces[0]", "Plant_A"), "watchNamespaces"),
                Arguments.of(values("replicas", 3), "replicas"),
                Arguments.of(values("replicaCount", 2, "leaderElection", false), "leaderElection"),
                Arguments.of(values("job.stateDir", "bucket/sensorflow"), "stateDir"),
                Arguments.of(values("httpPort", 80), "httpPort"));
    }

    @ParameterizedTest
    @MethodSource("wrongValues")
    void theSchemaRefusesWrongValuesNamingThem(Map<String, Object> values, String named) {
        assertThatThrownBy(() -> Chart.render(values))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    static Container controller(List<HasMetadata> objects) {
        return named(objects, Deployment.class, OPERATOR)
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream()
                .collect(
                        Collectors.toMap(
                                EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    static List<String> jobAccountNamespaces(List<HasMetadata> objects) {
        return all(objects, ServiceAccount.class).stream()
                .filter(a -> a.getMetadata().getName().equals(Names.JOB_SERVICE_ACCOUNT))
                .map(a -> a.getMetadata().getNamespace())
                .toList();
    }
}
