package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sensorflow.operator.crd.SensorPipeline;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a pipeline, for `kubectl describe sp`; never fails a reconciliation. */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "sensorflow-operator";

    private final KubernetesClient client;

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void normal(SensorPipeline p, String reason, String message) {
        record(p, "Normal", reason, message);
    }

    void warning(SensorPipeline p, String reason, String message) {
        record(p, "Warning", reason, message);
    }

    private void record(SensorPipeline p, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var event =
                new EventBuilder()
                        .withNewMetadata()
                        .withName(p.getMetadata().getName() + "." + UUID.randomUUID())
                        .withNamespace(p.getMetadata().getNamespace())
                        .endMetadata()
                        .withInvolvedObject(
                                new ObjectReferenceBuilder()
                                        .withApiVersion(p.getApiVersion())
                                        .withKind(p.getKind())
                                        .withName(p.getMetadata().getName())
                                        .withNamespace(p.getMetadata().getNamespace())
                                        .withUid(p.getMetadata().getUid())
                                        .build())
                        .withType(type)
                        .withReason(reason)
                        .withMessage(message)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(p.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "Could not record event {} on {}: {}",
                    reason,
                    p.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
