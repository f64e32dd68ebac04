package io.sensorflow.job.source;

import io.sensorflow.api.Metric;
import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.model.ParsedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * One Kafka source of both readings topics. It starts from the consumer group's committed offsets
 * (earliest when there are none) and commits them on checkpoints; after a restore Flink's own
 * checkpointed offsets win. Each record is parsed from its bytes right here, with the metric its
 * topic implies, and named {@code topic/partition@offset}, so that parsing and dead-lettering are
 * the same as for every other source and no record can fail the job in deserialization.
 *
 * <p>One source for both topics, rather than one each, keeps the reader, the routing and whatever
 * follows in one chain: two sources would meet in a union, and a union's consumer is fed through a
 * network exchange.
 */
public final class KafkaRecordSource {
    private KafkaRecordSource() {}

    public static KafkaSource<ParsedRecord> of(KafkaSettings kafka) {
        String temperature = kafka.readingsTopic(Metric.TEMPERATURE);
        String humidity = kafka.readingsTopic(Metric.HUMIDITY);
        if (temperature.equals(humidity)) {
            // the topic is what says the metric
            throw new IllegalArgumentException(
                    "the temperature and humidity topics must differ: " + temperature);
        }
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.clientPropertiesCopy())
                .setTopics(temperature, humidity)
                .setGroupId(kafka.consumerGroup())
                .setClientIdPrefix(kafka.consumerGroup())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ParseRecord(temperature, humidity))
                .build();
    }

    /** Parses the record's value (UTF-8; malformed bytes become U+FFFD, then fail parsing). */
    static final class ParseRecord implements KafkaRecordDeserializationSchema<ParsedRecord> {
        private final String temperatureTopic;
        private final String humidityTopic;

        ParseRecord(String temperatureTopic, String humidityTopic) {
            this.temperatureTopic = temperatureTopic;
            this.humidityTopic = humidityTopic;
        }

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
            String topic = record.topic();
            Metric metric =
                    topic.equals(temperatureTopic)
                            ? Metric.TEMPERATURE
                            : topic.equals(humidityTopic) ? Metric.HUMIDITY : null;
            String source = topic + "/" + record.partition() + "@" + record.offset();
            out.collect(ReadingParser.parseRecord(record.value(), source, metric));
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return TypeInformation.of(ParsedRecord.class);
        }
    }
}
