package io.sensorflow.job.source;

import io.sensorflow.api.Metric;
import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.model.ParsedRecord;
import java.util.Arrays;
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
 * checkpointed offsets win. Each record is parsed from its bytes right here, with the metric its
 * topic implies, and named {@code topic/partition@offset}, so that parsing and dead-lettering are
 * the same as for every other source and no record can fail the job in deserialization.
 *
 * <p>One source per topic: a single source of both topics was tried, and the golden Kafka test then
 * sometimes aggregated a reading it must dead-letter as late, after the partitions had gone idle.
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
                .setDeserializer(new ParseRecord(kafka.readingsTopic(metric), metric))
                .build();
    }

    /**
     * Parses the record's value (UTF-8; malformed bytes become U+FFFD, then fail parsing). A
     * record's source, {@code topic/partition@offset}, is spelled out only if it is dead-lettered:
     * the reading carries its partition's prefix, made once, and the offset.
     */
    static final class ParseRecord implements KafkaRecordDeserializationSchema<ParsedRecord> {
        private final String topic;
        private final Metric metric;

        /** Each partition's {@code topic/partition@}, made at its first record. */
        private transient String[] origins;

        ParseRecord(String topic, Metric metric) {
            this.topic = topic;
            this.metric = metric;
        }

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
            out.collect(
                    ReadingParser.parseRecord(
                            record.value(), origin(record.partition()), record.offset(), metric));
        }

        private String origin(int partition) {
            if (origins == null || partition >= origins.length) {
                origins =
                        Arrays.copyOf(
                                origins == null ? new String[0] : origins,
                                Math.max(partition + 1, 8));
            }
            String origin = origins[partition];
            if (origin == null) {
                origin = origins[partition] = topic + "/" + partition + "@";
            }
            return origin;
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return TypeInformation.of(ParsedRecord.class);
        }
    }
}
