package io.sensorflow.job.source;

import io.sensorflow.job.model.MetricNames;
import io.sensorflow.job.model.Rejection;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** One {@code deadLettered} counter per reason code, under the metric group {@code reason}. */
final class DeadLetterCounters {
    private final Map<Rejection.Code, Counter> counters = new EnumMap<>(Rejection.Code.class);

    DeadLetterCounters(MetricGroup group, Rejection.Code... codes) {
        for (Rejection.Code code : codes) {
            counters.put(
                    code,
                    group.addGroup(MetricNames.REASON, code.text())
                            .counter(MetricNames.DEAD_LETTERED));
        }
    }

    void count(Rejection.Code code) {
        counters.get(code).inc();
    }
}
