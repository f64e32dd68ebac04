package io.sensorflow.job.alerting;

import io.sensorflow.api.Rule;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The event side: aggregates are judged against the broadcast thresholds, and each rule's
 * evaluations go through its CEP pattern per sensor.
 *
 * <p>Nothing after the window aggregation runs on event time. The aggregation emits each sensor's
 * windows in order, and every exchange after it is keyed by sensor, so each sensor's evaluations
 * reach CEP in window order; CEP therefore matches them as they arrive. Event-time CEP would
 * instead wait for the watermark, and could drop an aggregate as late when a watermark arrives
 * ahead of it along another path after the sources were idle.
 */
public final class AlertDetection {
    private AlertDetection() {}

    public static DataStream<Alert> detect(
            DataStream<Aggregate> aggregates,
            DataStream<ThresholdSet> thresholdUpdates,
            String pipeline,
            List<Rule> rules) {
        BroadcastStream<ThresholdSet> thresholds =
                thresholdUpdates.broadcast(ThresholdEvaluator.THRESHOLDS);
        SingleOutputStreamOperator<RuleEvaluation> evaluations =
                aggregates
                        .keyBy(a -> a.sensorId)
                        .connect(thresholds)
                        .process(new ThresholdEvaluator(rules))
                        .name("evaluate thresholds")
                        .uid("evaluate-thresholds");

        DataStream<Alert> alerts = null;
        for (Rule rule : rules) {
            // Each evaluation is emitted by the instance that holds its sensor's key, so the
            // stream is still partitioned by sensor: CEP runs chained to the evaluation rather
            // than behind a second exchange by the same key.
            KeyedStream<RuleEvaluation, String> ofRule =
                    DataStreamUtils.reinterpretAsKeyedStream(
                            evaluations
                                    .filter(e -> e.rule.equals(rule.name()))
                                    .name("rule " + rule.name()),
                            e -> e.sensorId,
                            Types.STRING);
            DataStream<Alert> ruleAlerts =
                    CEP.pattern(ofRule, AlertPatterns.transitions(rule.consecutiveWindows()))
                            .inProcessingTime()
                            .process(new MatchToAlert(pipeline, rule))
                            .name("alerts " + rule.name())
                            .uid("cep-" + rule.shape());
            alerts = alerts == null ? ruleAlerts : alerts.union(ruleAlerts);
        }
        return alerts;
    }
}
