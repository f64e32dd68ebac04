package io.sensorflow.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A sensor analytics pipeline, run by the Flink Kubernetes Operator as one FlinkDeployment. */
@Group(SensorPipeline.GROUP)
@Version(SensorPipeline.VERSION)
@Kind("SensorPipeline")
@Plural("sensorpipelines")
@ShortNames("sp")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".status.jobStatus.state")
@AdditionalPrinterColumn(name = "Window", jsonPath = ".spec.window.size")
@AdditionalPrinterColumn(name = "Rules", jsonPath = ".status.rules.summary")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class SensorPipeline extends CustomResource<SensorPipelineSpec, SensorPipelineStatus>
        implements Namespaced {
    public static final String GROUP = "sensorflow.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected SensorPipelineSpec initSpec() {
        return new SensorPipelineSpec();
    }

    @Override
    protected SensorPipelineStatus initStatus() {
        return new SensorPipelineStatus();
    }
}
