package io.sensorflow.operator.flink;

import io.sensorflow.operator.crd.SensorPipeline;
import java.util.Map;
import java.util.TreeMap;

/** Names and labels of what the controller creates for a pipeline. */
public final class Names {
    private Names() {}

    public static final String MANAGED_BY = "sensorflow-operator";

    /** The service account the JobManager runs as (the Helm chart creates it). */
    public static final String JOB_SERVICE_ACCOUNT = "sensorflow-job";

    /**
     * The service account the TaskManagers run as: they run the job's code, so they may only read
     * ConfigMaps (HA leader retrieval, the thresholds watch), not create pods.
     */
    public static final String TASKMANAGER_SERVICE_ACCOUNT = "sensorflow-job-taskmanager";

    /** The FlinkDeployment: the pipeline's own name. */
    public static String flinkDeployment(SensorPipeline p) {
        return p.getMetadata().getName();
    }

    /** The ConfigMap of threshold values the job watches. */
    public static String thresholdsConfigMap(SensorPipeline p) {
        return p.getMetadata().getName() + "-thresholds";
    }

    public static Map<String, String> labels(SensorPipeline p) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("app.kubernetes.io/name", "sensorflow-job");
        labels.put("app.kubernetes.io/instance", p.getMetadata().getName());
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        return labels;
    }
}
