package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.sensorflow.operator.flink.Names;

/**
 * How the controller owns what it writes, for the Java Operator SDK's dependent resources: the
 * owned part (a FlinkDeployment's {@code spec}, a ConfigMap's {@code data}) must equal the desired
 * one exactly, so an edit that only removes something (a key, a volume) is written too, and a hand
 * edit is put back. Our labels must be there with our values; labels and annotations others add,
 * the status, finalizers and owner references are not compared, and the SDK's updater keeps them.
 */
final class OwnedPart {
    private OwnedPart() {}

    static <R extends HasMetadata, P extends HasMetadata> Matcher.Result<R> match(
            R actual, R desired, Context<P> context) {
        return GenericKubernetesResourceMatcher.match(desired, actual, false, true, context);
    }

    /** Only what this controller manages is watched and cached. */
    static <R extends HasMetadata> KubernetesDependentResourceConfig<R> managedOnly(Class<R> type) {
        return new KubernetesDependentResourceConfigBuilder<R>()
                .withUseSSA(false)
                .withKubernetesDependentInformerConfig(
                        InformerConfiguration.builder(type)
                                .withLabelSelector(
                                        "app.kubernetes.io/managed-by=" + Names.MANAGED_BY)
                                .build())
                .build();
    }
}
