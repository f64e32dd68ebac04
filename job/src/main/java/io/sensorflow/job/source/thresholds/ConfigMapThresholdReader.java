package io.sensorflow.job.source.thresholds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.job.alerting.ThresholdSet;
import io.sensorflow.job.source.thresholds.ConfigMapThresholdSource.ConfigMapSplit;
import io.sensorflow.job.source.thresholds.ConfigMapThresholdSource.KubernetesClientFactory;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the thresholds ConfigMap with a fabric8 informer and hands each new version to Flink.
 *
 * <p>The informer does the hard parts: it lists, then watches, re-lists after a dropped watch, and
 * here retries with back-off for as long as the API server is away, so that an outage never fails
 * the job (the evaluators keep the last values). Until the ConfigMap exists the reader waits, with
 * one log line. A ConfigMap whose text is not the thresholds format is logged and counted ({@code
 * thresholdConfigMapsMalformed}) and changes nothing.
 */
final class ConfigMapThresholdReader implements SourceReader<ThresholdSet, ConfigMapSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapThresholdReader.class);

    private final String configMapName;
    private final String rules;
    private final KubernetesClientFactory clients;
    private final Counter malformed;
    private final Counter forOtherRules;
    private final Object lock = new Object();
    private final Queue<ThresholdSet> pending = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private ConfigMapSplit split;
    private KubernetesClient client;
    private SharedIndexInformer<ConfigMap> informer;
    private String lastText;

    ConfigMapThresholdReader(
            SourceReaderContext context,
            String configMapName,
            String rules,
            KubernetesClientFactory clients) {
        this.configMapName = configMapName;
        this.rules = rules;
        this.clients = clients;
        this.malformed = context.metricGroup().counter("thresholdConfigMapsMalformed");
        this.forOtherRules = context.metricGroup().counter("thresholdConfigMapsForOtherRules");
    }

    @Override
    public void start() {}

    @Override
    public void addSplits(List<ConfigMapSplit> splits) {
        if (split != null || splits.isEmpty()) {
            return;
        }
        // the split only says that this reader watches; the name is the job's own argument, so a
        // job restored with another --rules-configmap watches the new one
        split = splits.get(0);
        client = clients.create();
        String namespace = Objects.requireNonNullElse(client.getNamespace(), "default");
        LOG.info(
                "Taking threshold values from ConfigMap {}/{}; rules without a value are not"
                        + " evaluated until it exists",
                namespace,
                configMapName);
        informer =
                client.configMaps()
                        .inNamespace(namespace)
                        .withName(configMapName)
                        .runnableInformer(0)
                        .exceptionHandler(
                                (started, t) -> {
                                    LOG.warn(
                                            "Cannot read ConfigMap {}/{} ({}); keeping the last"
                                                    + " thresholds and retrying",
                                            namespace,
                                            configMapName,
                                            t.toString());
                                    return true;
                                });
        informer.addEventHandler(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap cm) {
                        accept(cm);
                    }

                    @Override
                    public void onUpdate(ConfigMap before, ConfigMap cm) {
                        accept(cm);
                    }

                    @Override
                    public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                        LOG.warn(
                                "ConfigMap {}/{} was deleted; keeping the last thresholds",
                                namespace,
                                configMapName);
                    }
                });
        informer.start();
    }

    private void accept(ConfigMap cm) {
        String text = cm.getData() == null ? null : cm.getData().get(ThresholdsDocument.KEY);
        if (Objects.equals(text, lastText)) {
            return; // a resync or a change elsewhere in the ConfigMap
        }
        lastText = text;
        ThresholdsDocument doc;
        try {
            doc = ThresholdsDocument.parse(text);
        } catch (IllegalArgumentException e) {
            malformed.inc();
            LOG.warn(
                    "Ignoring ConfigMap {} (resourceVersion {}): {}; keeping the last thresholds",
                    cm.getMetadata().getName(),
                    cm.getMetadata().getResourceVersion(),
                    e.getMessage());
            return;
        }
        ThresholdSet set = ThresholdSet.of(doc.version(), doc.thresholds());
        if (doc.rules() != null && !doc.rules().equals(rules)) {
            forOtherRules.inc();
            LOG.info(
                    "Not applying thresholds {} from ConfigMap {}: they are for rules {}, this job"
                            + " runs {} (an upgrade is on its way)",
                    set,
                    cm.getMetadata().getName(),
                    doc.rules(),
                    rules);
            return;
        }
        LOG.info("Read thresholds {} from ConfigMap {}", set, cm.getMetadata().getName());
        synchronized (lock) {
            pending.add(set);
            available.complete(null);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ThresholdSet> output) {
        ThresholdSet next;
        boolean more;
        synchronized (lock) {
            next = pending.poll();
            more = !pending.isEmpty();
        }
        if (next != null) {
            output.collect(next); // outside the lock: the informer's thread never waits on Flink
        }
        return more ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (lock) {
            if (!pending.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }
    }

    @Override
    public List<ConfigMapSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(split);
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
