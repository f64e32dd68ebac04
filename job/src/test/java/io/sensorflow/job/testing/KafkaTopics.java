package io.sensorflow.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing to and reading from the test broker's topics, as a user's clients would. */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // One request in flight keeps each partition in send order without the idempotent
        // producer, whose sequence checks were seen to loop on OUT_OF_ORDER_SEQUENCE_NUMBER
        // against a freshly created topic of the test broker.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Sends without waiting; call {@code flush()} on the producer to wait for all sent. */
    public static void send(
            KafkaProducer<String, String> producer, String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** A consumer of a whole topic from the start, with the given isolation level. */
    public static KafkaConsumer<String, String> consumer(
            String bootstrap, String topic, boolean readCommitted) {
        return consumer(bootstrap, List.of(topic), readCommitted);
    }

    /** A consumer of whole topics from the start, with the given isolation level. */
    public static KafkaConsumer<String, String> consumer(
            String bootstrap, List<String> topics, boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }

    /**
     * Reads committed records of a topic until {@code done} holds for what was read, or the time is
     * up; then returns all read so far.
     */
    public static List<ConsumerRecord<String, String>> readCommittedUntil(
            String bootstrap,
            String topic,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, topic, true)) {
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** All committed records of a topic, read until a quiet second has passed. */
    public static List<ConsumerRecord<String, String>> readAllCommitted(
            String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, topic, true)) {
            int quiet = 0;
            while (quiet < 5) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
                quiet = batch.isEmpty() ? quiet + 1 : 0;
            }
        }
        return records;
    }

    /** The records' values, parsed as JSON. */
    public static List<JsonNode> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> JsonLines.parse(r.value())).toList();
    }
}
