package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.JsonLines;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backlog of old readings, in the shape of the Kafka benchmark whose exactly-once round once
 * never finished: four partitions per topic, parallelism 2, ten readings per millisecond of event
 * time, 1,000 sensors, each record stamped with its event time, here 30 days ago.
 *
 * <p>That "stall" was the broker deleting the input: Kafka's time retention (7 days by default)
 * judges segments by their records' timestamps, its first check ran 30 s after the broker started,
 * and the job's consumers, finding their positions gone, went on from the new log start, which was
 * the end. Every partition's committed offsets stayed far below its end while the log start moved
 * to it. This test runs while the test broker's retention check fires every second, and demands
 * every reading counted in the aggregates: it fails if the test broker deletes by age again.
 */
class KafkaBacklogTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final int PARTITIONS = 4;
    static final int SENSORS = 1000;
    static final int READINGS = 200_000;
    static final long WINDOW_MILLIS = 10_000;

    @Test
    @Timeout(300)
    void aBacklogStampedLongAgoIsReadToTheEndExactlyOnce() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics topics = PipelineTopics.create(kafka, PARTITIONS);
        long day = Duration.ofDays(1).toMillis();
        long start = (System.currentTimeMillis() - 30 * day) / day * day;
        long end = start + READINGS / 10;
        produceBacklog(kafka, topics, start, end);

        // several retention checks pass over the backlog before the job reads it
        Thread.sleep(3_000);
        assertThat(logStartOffsets(kafka, topics))
                .as("log start offsets of the readings topics: the broker deleted the backlog")
                .allSatisfy((partition, offset) -> assertThat(offset).isZero());

        List<String> args = new ArrayList<>(topics.jobArgs(kafka));
        args.addAll(
                List.of(
                        "--pipeline", "backlog",
                        "--window-size", "10s",
                        "--max-out-of-orderness", "2s",
                        "--idle-timeout", "10s",
                        "--checkpoint-interval", "1s",
                        "--delivery-guarantee", "EXACTLY_ONCE",
                        "--parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        JobClient job = env.executeAsync("kafka backlog");
        int windows = (int) ((end - start + WINDOW_MILLIS - 1) / WINDOW_MILLIS);
        int expected = SENSORS * windows;
        List<ConsumerRecord<String, String>> averages;
        try {
            averages =
                    KafkaTopics.readCommittedUntil(
                            kafka.bootstrapServers(),
                            topics.averages(),
                            read -> read.size() >= expected,
                            Duration.ofMinutes(4));
        } finally {
            Clusters.cancel(job);
        }

        long counted = 0;
        Map<String, Integer> perWindow = new HashMap<>();
        for (ConsumerRecord<String, String> record : averages) {
            JsonNode a = JsonLines.parse(record.value());
            counted += a.get("temperatureReadings").asLong() + a.get("humidityReadings").asLong();
            perWindow.merge(a.get("windowStart").asText(), 1, Integer::sum);
        }
        assertThat(averages)
                .as("aggregates (log start offsets now %s)", logStartOffsets(kafka, topics))
                .hasSize(expected);
        assertThat(counted).as("readings counted in the aggregates").isEqualTo(READINGS);
        assertThat(perWindow)
                .hasSize(windows)
                .allSatisfy((w, n) -> assertThat(n).isEqualTo(SENSORS));
    }

    /**
     * Readings of {@code [start, end)}, ten per millisecond, alternating by sensor block between
     * the two metrics, keyed by sensor and stamped with their event time; then a reading an hour
     * later on every partition, which closes every window.
     */
    private static void produceBacklog(
            KafkaBroker kafka, PipelineTopics topics, long start, long end) throws Exception {
        try (KafkaProducer<String, String> producer =
                KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < READINGS; i++) {
                int sensor = i % SENSORS;
                boolean temperature = (i / SENSORS) % 2 == 0;
                long timestamp = start + i / 10;
                String id = String.format(Locale.ROOT, "sensor-%04d", sensor);
                String json =
                        String.format(
                                Locale.ROOT,
                                "{\"sensorId\":\"%s\",\"timestamp\":%d,\"value\":%.1f}",
                                id,
                                timestamp,
                                temperature ? 20.0 + sensor % 7 : 40.0 + sensor % 5);
                producer.send(
                        new ProducerRecord<>(
                                temperature ? topics.temperature() : topics.humidity(),
                                null,
                                timestamp,
                                id,
                                json));
            }
            long clock = end + Duration.ofHours(1).toMillis();
            List<String> clockReadings = PipelineTopics.clockReadings(clock);
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(
                        new ProducerRecord<>(
                                topics.temperature(), p, clock, "clock", clockReadings.get(0)));
                producer.send(
                        new ProducerRecord<>(
                                topics.humidity(), p, clock, "clock", clockReadings.get(1)));
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, Long> logStartOffsets(
            KafkaBroker kafka, PipelineTopics topics) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (String topic : List.of(topics.temperature(), topics.humidity())) {
            for (int p = 0; p < PARTITIONS; p++) {
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
        }
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e :
                    admin.listOffsets(earliest).all().get().entrySet()) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("could not list offsets", e);
        }
    }
}
