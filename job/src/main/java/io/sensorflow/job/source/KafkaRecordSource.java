package io.sensorflow.job.source;

import io.sensorflow.api.Metric;
import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Kafka source of one readings topic. It starts from the consumer group's committed offsets
 * (earliest when there are none) and commits them on checkpoints; after a restore Flink's own
 * checkpointed offsets win. Records are handed on as raw text, named {@code
 * topic/partition@offset}, with the topic's metric, so that parsing and dead-lettering are the same
 * as for every other source and no record can fail the job in deserialization.
 */
public final class KafkaRecordSource {
    private KafkaRecordSource() {}

    public static KafkaSource<ParsedRecord> of(KafkaSettings kafka, Metric metric) {
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.clientPropertiesCopy())
                .setTopics(kafka.readingsTopic(metric))
                .setGroupId(kafka.consumerGroup())
                .setClientIdPrefix(kafka.consumerGroup() + "-" + metric.wireName())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new AsRawRecord(metric))
                .build();
    }

    /** The record's value as UTF-8 text (malformed bytes become U+FFFD, then fail parsing). */
    static final class AsRawRecord implements KafkaRecordDeserializationSchema<ParsedRecord> {
        private final Metric metric;

        AsRawRecord(Metric metric) {
            this.metric = metric;
        }

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
            String payload =
                    record.value() == null
                            ? null
                            : new String(record.value(), StandardCharsets.UTF_8);
            out.collect(
                    ReadingParser.parseRecord(
                            new RawRecord(
                                    payload,
                                    record.topic()
                                            + "/"
                                            + record.partition()
                                            + "@"
                                            + record.offset(),
                                    metric)));
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return TypeInformation.of(ParsedRecord.class);
        }
    }
}
