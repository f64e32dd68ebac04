package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.flink.Names;

/**
 * An object the controller owns for a pipeline, as a Java Operator SDK dependent resource: created
 * when missing, and updated when its owned part (a FlinkDeployment's {@code spec}, a ConfigMap's
 * {@code data}) differs from the desired one in any way, so an edit that only removes something is
 * written too and a hand edit is put back. Our labels must be there with our values; labels and
 * annotations others add, the status, finalizers and owner references are not compared, and the
 * SDK's updater keeps them. Only objects labelled as ours are watched and cached.
 */
abstract class OwnedDependent<R extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, SensorPipeline> {

    OwnedDependent(Class<R> type) {
        super(type);
        configureWith(
                new KubernetesDependentResourceConfigBuilder<R>()
                        .withUseSSA(false)
                        .withKubernetesDependentInformerConfig(
                                InformerConfiguration.builder(type)
                                        .withLabelSelector(
                                                "app.kubernetes.io/managed-by=" + Names.MANAGED_BY)
                                        .build())
                        .build());
    }

    /** The object's name for this pipeline (in the pipeline's namespace). */
    abstract String nameOf(SensorPipeline p);

    @Override
    public Matcher.Result<R> match(
            R actual, R desired, SensorPipeline p, Context<SensorPipeline> context) {
        return GenericKubernetesResourceMatcher.match(desired, actual, false, true, context);
    }

    /** The desired object carries its owner reference already (controller, blocking deletion). */
    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(
            SensorPipeline p, Context<SensorPipeline> context) {
        return new ResourceID(nameOf(p), p.getMetadata().getNamespace());
    }
}
