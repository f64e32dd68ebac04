package io.sensorflow.job.alerting;

import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The event side: aggregates are judged against the broadcast thresholds, each rule's evaluations
 * go through its two CEP patterns per sensor, and the alerts come out in window order.
 */
public final class AlertDetection {
    private AlertDetection() {}

    public static DataStream<Alert> detect(
            DataStream<Aggregate> aggregates,
            DataStream<ThresholdSet> thresholdUpdates,
            String pipeline,
            List<Rule> rules) {
        BroadcastStream<ThresholdSet> thresholds =
                thresholdUpdates
                        .assignTimestampsAndWatermarks(neverHoldsBackEventTime())
                        .name("threshold sets")
                        .broadcast(ThresholdEvaluator.THRESHOLDS);
        SingleOutputStreamOperator<RuleEvaluation> evaluations =
                aggregates
                        .keyBy(a -> a.sensorId)
                        .connect(thresholds)
                        .process(new ThresholdEvaluator(rules))
                        .name("evaluate thresholds")
                        .uid("evaluate-thresholds");

        DataStream<Alert> alerts = null;
        for (Rule rule : rules) {
            KeyedStream<RuleEvaluation, String> ofRule =
                    evaluations
                            .filter(e -> e.rule.equals(rule.name()))
                            .name("rule " + rule.name())
                            .keyBy(e -> e.sensorId);
            DataStream<Alert> firing =
                    CEP.pattern(
                                    ofRule,
                                    AlertPatterns.firing(rule.consecutiveWindows()),
                                    AlertPatterns.START_FIRST)
                            .process(new MatchToAlert(pipeline, rule, AlertStatus.FIRING))
                            .name("firing " + rule.name())
                            .uid("cep-firing-" + rule.name());
            DataStream<Alert> resolved =
                    CEP.pattern(
                                    ofRule,
                                    AlertPatterns.resolved(rule.consecutiveWindows()),
                                    AlertPatterns.START_FIRST)
                            .process(new MatchToAlert(pipeline, rule, AlertStatus.RESOLVED))
                            .name("resolved " + rule.name())
                            .uid("cep-resolved-" + rule.name());
            alerts = alerts == null ? firing.union(resolved) : alerts.union(firing, resolved);
        }
        return alerts.keyBy(a -> a.sensorId)
                .process(new AlertSequencer())
                .name("alerts in window order")
                .uid("sequence-alerts");
    }

    /**
     * Threshold sets are applied when they arrive, not in event time: their side of the connected
     * stream declares the end of time so that the aggregates' watermark alone drives the CEP
     * operators downstream.
     */
    static WatermarkStrategy<ThresholdSet> neverHoldsBackEventTime() {
        return WatermarkStrategy.forGenerator(
                ctx ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(
                                    ThresholdSet event, long timestamp, WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.emitWatermark(new Watermark(Long.MAX_VALUE));
                            }
                        });
    }
}
