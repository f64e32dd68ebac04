package io.sensorflow.job.sink;

import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The three outputs as JSON on their Kafka topics. Aggregates and alerts are keyed by sensor, so
 * that one sensor's records stay in one partition, in order (a FIRING before its RESOLVED);
 * consumers de-duplicate alerts by their {@code alertId}. Dead letters carry no key.
 *
 * <p>Exactly-once uses Kafka transactions committed on checkpoints, one transactional-id prefix per
 * output and pipeline. The transaction timeout must not exceed the broker's {@code
 * transaction.max.timeout.ms} (15 minutes by default), or the producer is refused at start and the
 * job restarts forever; 10 minutes is still far longer than a checkpoint plus a restart.
 */
public final class KafkaOutputs {
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaOutputs() {}

    public static void attach(
            KafkaSettings kafka,
            DataStream<Aggregate> averages,
            DataStream<Alert> alerts,
            DataStream<DeadLetter> deadLetters) {
        write(
                kafka,
                averages,
                kafka.averagesTopic(),
                Output.AVERAGES,
                a -> utf8(a.sensorId),
                a -> utf8(RecordJson.of(a)));
        write(
                kafka,
                alerts,
                kafka.alertsTopic(),
                Output.ALERTS,
                a -> utf8(a.sensorId),
                a -> utf8(RecordJson.of(a)));
        write(
                kafka,
                deadLetters,
                kafka.deadLetterTopic(),
                Output.DEAD_LETTERS,
                null,
                d -> utf8(RecordJson.of(d)));
    }

    private static <T> void write(
            KafkaSettings kafka,
            DataStream<T> stream,
            String topic,
            Output output,
            SerializationSchema<T> key,
            SerializationSchema<T> value) {
        stream.sinkTo(sink(kafka, topic, output, key, value))
                .name("kafka " + topic)
                .uid("sink-kafka-" + output.id());
    }

    static <T> KafkaSink<T> sink(
            KafkaSettings kafka,
            String topic,
            Output output,
            SerializationSchema<T> key,
            SerializationSchema<T> value) {
        KafkaRecordSerializationSchema<T> serializer =
                key == null
                        ? KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(value)
                                .build()
                        : KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(key)
                                .setValueSerializationSchema(value)
                                .build();
        Properties producer = kafka.clientPropertiesCopy();
        producer.setProperty(
                "transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        kafka.exactlyOnce()
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-" + output.label())
                .build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
