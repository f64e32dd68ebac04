package io.sensorflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.TopicsSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -f k8s/} installs what {@code helm install sensorflow helm/sensorflow -n
 * sensorflow} does with default values: the same objects, without Helm's own labels.
 */
class PlainManifestsTest {
    static final Path K8S = Path.of("..", "k8s");
    static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by");

    @Test
    void theyAreTheChartRenderedWithDefaults() throws IOException {
        String expected =
                Chart.objects(Map.of()).stream()
                        .map(PlainManifestsTest::withoutHelmLabels)
                        .map(Serialization::asYaml)
                        .collect(Collectors.joining());
        String header =
                "# The controller, its RBAC and the job's service account, as `helm install"
                        + " sensorflow helm/sensorflow -n sensorflow`\n"
                        + "# renders them with default values (PlainManifestsTest keeps them so)."
                        + " The CRD is crd-sensorpipelines.yaml.\n";
        Path file = K8S.resolve("sensorflow.yaml");
        String actual = Files.exists(file) ? Files.readString(file) : "";
        if (!actual.equals(header + expected)) {
            Path out = Path.of("target", "k8s-expected", "sensorflow.yaml");
            Files.createDirectories(out.getParent());
            Files.writeString(out, header + expected);
            org.junit.jupiter.api.Assertions.fail(
                    "k8s/sensorflow.yaml differs from the chart rendered with defaults; the"
                            + " expected file is "
                            + out.toAbsolutePath().normalize());
        }
    }

    @Test
    void theNamespaceComesFirst() throws IOException {
        List<HasMetadata> ns = Chart.parse(Files.readString(K8S.resolve("namespace.yaml")));
        assertThat(ns).singleElement().isInstanceOf(Namespace.class);
        assertThat(ns.get(0).getMetadata().getName()).isEqualTo(Chart.NAMESPACE);
        // kubectl apply -f k8s/ takes files in name order
        try (Stream<Path> files = Files.list(K8S)) {
            assertThat(
                            files.filter(Files::isRegularFile)
                                    .map(p -> p.getFileName().toString())
                                    .sorted())
                    .containsExactly(
                            "crd-sensorpipelines.yaml", "namespace.yaml", "sensorflow.yaml");
        }
    }

    @Test
    void theExampleTopicsAreTheOnesTheExamplePipelinesUse() throws IOException {
        Set<String> topics =
                Chart.parse(Files.readString(K8S.resolve("examples/topics.yaml"))).stream()
                        .map(GenericKubernetesResource.class::cast)
                        .peek(t -> assertThat(t.getKind()).isEqualTo("KafkaTopic"))
                        .map(
                                t ->
                                        (String)
                                                ((Map<?, ?>)
                                                                t.getAdditionalProperties()
                                                                        .get("spec"))
                                                        .get("topicName"))
                        .collect(Collectors.toSet());
        for (String example : List.of("minimal.yaml", "full.yaml")) {
            SensorPipeline p =
                    Serialization.unmarshal(
                            Files.readString(K8S.resolve("examples").resolve(example)),
                            SensorPipeline.class);
            TopicsSpec t = p.getSpec().kafka.topics;
            assertThat(topics)
                    .as(example)
                    .contains(t.temperature, t.humidity, t.averages, t.alerts, t.deadLetter);
        }
    }

    static HasMetadata withoutHelmLabels(HasMetadata o) {
        HasMetadata copy = Serialization.clone(o);
        copy.getMetadata().getLabels().keySet().removeAll(HELM_LABELS);
        if (copy instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
            d.getSpec().getTemplate().getMetadata().getLabels().keySet().removeAll(HELM_LABELS);
        }
        return copy;
    }
}
