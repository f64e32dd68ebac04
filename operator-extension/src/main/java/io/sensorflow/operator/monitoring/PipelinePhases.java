package io.sensorflow.operator.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineStatus.Phase;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One gauge per phase, {@code sensorflow_pipelines{phase="Running"}}, counted at scrape time from
 * the controller's own cache of SensorPipelines, so the figure costs no API call and cannot drift
 * from what the controller sees. A pipeline it has not reconciled yet counts as Pending. The caller
 * decides whose cache counts (the leader's only, so that replicas add up).
 */
public final class PipelinePhases {
    public static final String METER = "sensorflow.pipelines";

    private PipelinePhases() {}

    public static void register(MeterRegistry registry, Supplier<Stream<SensorPipeline>> cached) {
        for (Phase phase : Phase.values()) {
            Gauge.builder(METER, () -> cached.get().filter(p -> phaseOf(p) == phase).count())
                    .description("SensorPipelines in this phase, as the controller last saw them")
                    .tag("phase", phase.name())
                    .register(registry);
        }
    }

    private static Phase phaseOf(SensorPipeline p) {
        return p.getStatus() == null || p.getStatus().phase == null
                ? Phase.Pending
                : p.getStatus().phase;
    }
}
