package io.sensorflow.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Helm chart in helm/sensorflow, rendered by real Helm (helm-java), as fabric8 objects. */
final class Chart {
    static final Path DIR = Path.of("..", "helm", "sensorflow");
    static final String RELEASE = "sensorflow";
    static final String NAMESPACE = "sensorflow";

    /** Helm renders for Kubernetes 1.20 unless told; the chart requires 1.25 or later. */
    static final String KUBE_VERSION = "1.31.0";

    private static final Pattern DOCUMENT = Pattern.compile("(?m)^---\\s*$");

    private Chart() {}

    /** {@code helm template sensorflow helm/sensorflow -n sensorflow --set k=v ...}. */
    static String render(Map<String, Object> values) {
        return render(RELEASE, values);
    }

    /** The same with another release name. */
    static String render(String release, Map<String, Object> values) {
        TemplateCommand template =
                new Helm(DIR)
                        .template()
                        .withName(release)
                        .withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION);
        values.forEach(template::set);
        return template.call();
    }

    static List<HasMetadata> objects(Map<String, Object> values) {
        return parse(render(values));
    }

    /** Every YAML document as its fabric8 model type. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : DOCUMENT.split(yaml)) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            objects.add(Serialization.unmarshal(doc, HasMetadata.class));
        }
        return objects;
    }

    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> named(
            List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** Whether a rule grants this verb on this resource of this API group. */
    static boolean allows(PolicyRule rule, String group, String resource, String verb) {
        return rule.getApiGroups().contains(group)
                && rule.getResources().contains(resource)
                && rule.getVerbs().contains(verb);
    }
}
