package io.sensorflow.job.alerting;

import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts each sensor's alerts back in window order. FIRING and RESOLVED come from separate CEP
 * operators, so when several windows close at once (a burst, or the end of a file) they could reach
 * the sink in either order. Holding each alert until the watermark passes its window, which both
 * CEP operators have then also passed, costs no event time and restores the order.
 */
public class AlertSequencer extends KeyedProcessFunction<String, Alert, Alert> {

    private static final Comparator<Alert> WINDOW_ORDER =
            Comparator.<Alert>comparingLong(a -> a.windowEnd)
                    .thenComparing(a -> a.rule)
                    .thenComparing(a -> a.status);

    private transient ListState<Alert> pending;
    private transient Counter firing;
    private transient Counter resolved;

    @Override
    public void open(Configuration parameters) {
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-alerts", TypeInformation.of(Alert.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        firing = metrics.addGroup("status", "FIRING").counter("alertsOut");
        resolved = metrics.addGroup("status", "RESOLVED").counter("alertsOut");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        pending.add(alert);
        ctx.timerService().registerEventTimeTimer(alert.windowEnd - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<Alert> due = new ArrayList<>();
        List<Alert> later = new ArrayList<>();
        for (Alert alert : pending.get()) {
            (alert.windowEnd - 1 <= timestamp ? due : later).add(alert);
        }
        due.sort(WINDOW_ORDER);
        for (Alert alert : due) {
            (alert.status == AlertStatus.FIRING ? firing : resolved).inc();
            out.collect(alert);
        }
        pending.update(later);
    }
}
