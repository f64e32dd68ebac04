package io.sensorflow.job.source.thresholds;

import io.sensorflow.job.alerting.ThresholdSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Threshold sets from a Kubernetes ConfigMap, read at start and then watched: each version the
 * controller writes becomes one {@link ThresholdSet} on an unbounded stream. One split (the
 * ConfigMap), so one reader does the watching whatever the parallelism; the broadcast after it
 * takes each set to every evaluator. The source keeps no state of its own: after a restore the
 * watch starts with the ConfigMap as it is, and the evaluator ignores a version it already holds.
 */
public final class ConfigMapThresholdSource
        implements Source<ThresholdSet, ConfigMapThresholdSource.ConfigMapSplit, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String configMap;
    private final String rules;
    private final KubernetesClientFactory clients;

    /** Creates the reader's Kubernetes client: in the cluster, from the pod's service account. */
    @FunctionalInterface
    public interface KubernetesClientFactory extends Serializable {
        io.fabric8.kubernetes.client.KubernetesClient create();
    }

    /**
     * @param configMap the ConfigMap's name, in the namespace of the client
     * @param rules this job's rule shapes ({@link io.sensorflow.job.alerting.Rule#signature}): a
     *     set written for other shapes is not applied
     * @param clients makes the reader's Kubernetes client
     */
    public ConfigMapThresholdSource(
            String configMap, String rules, KubernetesClientFactory clients) {
        this.configMap = configMap;
        this.rules = rules;
        this.clients = clients;
    }

    /** The standard client configuration: in-cluster service account, or KUBECONFIG. */
    public static ConfigMapThresholdSource of(String configMap, String rules) {
        return new ConfigMapThresholdSource(
                configMap,
                rules,
                () -> new io.fabric8.kubernetes.client.KubernetesClientBuilder().build());
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<ThresholdSet, ConfigMapSplit> createReader(SourceReaderContext context) {
        return new ConfigMapThresholdReader(context, configMap, rules, clients);
    }

    @Override
    public SplitEnumerator<ConfigMapSplit, Boolean> createEnumerator(
            SplitEnumeratorContext<ConfigMapSplit> context) {
        return new OneSplitEnumerator(context, new ConfigMapSplit(configMap), false);
    }

    @Override
    public SplitEnumerator<ConfigMapSplit, Boolean> restoreEnumerator(
            SplitEnumeratorContext<ConfigMapSplit> context, Boolean assigned) {
        return new OneSplitEnumerator(context, new ConfigMapSplit(configMap), assigned);
    }

    @Override
    public SimpleVersionedSerializer<ConfigMapSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new AssignedSerializer();
    }

    /** The one split: the ConfigMap's name, in the namespace of the reader's client. */
    public record ConfigMapSplit(String name) implements SourceSplit {
        @Override
        public String splitId() {
            return name;
        }
    }

    /** Hands the split to the first reader that asks, and again to one after a failure. */
    static final class OneSplitEnumerator implements SplitEnumerator<ConfigMapSplit, Boolean> {
        private final SplitEnumeratorContext<ConfigMapSplit> context;
        private final ConfigMapSplit split;
        private boolean assigned;

        OneSplitEnumerator(
                SplitEnumeratorContext<ConfigMapSplit> context,
                ConfigMapSplit split,
                boolean assigned) {
            this.context = context;
            this.split = split;
            this.assigned = assigned;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<ConfigMapSplit> splits, int subtaskId) {
            assigned = false;
            if (context.registeredReaders().containsKey(subtaskId)) {
                addReader(subtaskId);
            }
        }

        @Override
        public void addReader(int subtaskId) {
            if (!assigned) {
                context.assignSplit(split, subtaskId);
                assigned = true;
            }
        }

        @Override
        public Boolean snapshotState(long checkpointId) {
            return assigned;
        }

        @Override
        public void close() {}
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<ConfigMapSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ConfigMapSplit split) {
            return split.name().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public ConfigMapSplit deserialize(int version, byte[] bytes) {
            return new ConfigMapSplit(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    static final class AssignedSerializer implements SimpleVersionedSerializer<Boolean> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Boolean assigned) throws IOException {
            var bytes = new java.io.ByteArrayOutputStream();
            new DataOutputStream(bytes).writeBoolean(assigned);
            return bytes.toByteArray();
        }

        @Override
        public Boolean deserialize(int version, byte[] bytes) throws IOException {
            return new DataInputStream(new java.io.ByteArrayInputStream(bytes)).readBoolean();
        }
    }
}
