package io.sensorflow.job.bench;

import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.Reading;
import io.sensorflow.job.query.WindowAverages;
import io.sensorflow.job.sink.RecordJson;
import io.sensorflow.job.source.ParseResult;
import io.sensorflow.job.source.ReadingParser;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.job.testing.RuleSemantics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The peer a user might pick instead of Flink: a Kafka Streams topology doing the same work as the
 * job, written the way Kafka Streams wants it. JSON readings from the two topics (parsed with the
 * job's own parser), merged, per-sensor tumbling windows with a grace period equal to the job's
 * out-of-orderness bound, one final result per window ({@code suppress}), exact sums in millionths
 * as the job does, the aggregate records in the job's JSON, and a threshold filter that writes an
 * alert for each window above it. Event time is the record timestamp, which the benchmark's
 * producer sets to the reading's time (Kafka Streams' default extractor; the job reads it from the
 * JSON). Exactly-once v2, committing every second like the job's checkpoints.
 *
 * <p>It does less than the job: no dead-letter topic (malformed readings are dropped), and a plain
 * filter where the job runs a CEP pattern with FIRING/RESOLVED transitions per sensor and rule.
 */
final class StreamsPeer implements AutoCloseable {
    private final KafkaStreams streams;

    StreamsPeer(
            String bootstrap,
            PipelineTopics topics,
            Duration window,
            Duration grace,
            double threshold,
            int threads)
            throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        Consumed<String, String> text = Consumed.with(Serdes.String(), Serdes.String());
        KStream<String, Reading> readings =
                builder.stream(topics.temperature(), text)
                        .mapValues(v -> parse(v, Metric.TEMPERATURE))
                        .merge(
                                builder.stream(topics.humidity(), text)
                                        .mapValues(v -> parse(v, Metric.HUMIDITY)))
                        .filter((k, r) -> r != null);
        KStream<String, Aggregate> aggregates =
                readings.groupByKey(Grouped.with(Serdes.String(), null))
                        .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
                        .aggregate(
                                () -> new long[4],
                                (sensor, r, sums) -> add(sums, r),
                                Materialized.<String, long[], WindowStore<Bytes, byte[]>>as("sums")
                                        .withKeySerde(Serdes.String())
                                        .withValueSerde(new SumsSerde()))
                        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                        .toStream()
                        .map((w, sums) -> KeyValue.pair(w.key(), aggregate(w, sums)));
        Produced<String, String> out = Produced.with(Serdes.String(), Serdes.String());
        aggregates.mapValues(RecordJson::of).to(topics.averages(), out);
        Rule overheat = new Rule("overheat", Metric.TEMPERATURE, Direction.ABOVE, threshold, 1);
        aggregates
                .filter(
                        (k, a) ->
                                a.avgTemperature != null
                                        && overheat.direction()
                                                .breaches(a.avgTemperature, threshold))
                .mapValues(
                        a ->
                                RecordJson.of(
                                        RuleSemantics.alert(
                                                "streams",
                                                a,
                                                overheat,
                                                AlertStatus.FIRING,
                                                a.avgTemperature)))
                .to(topics.alerts(), out);

        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-" + UUID.randomUUID());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L << 20);
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("bench-streams").toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        streams = new KafkaStreams(builder.build(), p);
        streams.start();
    }

    private static Reading parse(String payload, Metric metric) {
        ParseResult r = ReadingParser.parse(payload, metric, "streams");
        return r.isValid() ? r.reading() : null;
    }

    private static long[] add(long[] sums, Reading r) {
        int slot = r.metric == Metric.TEMPERATURE ? 0 : 2;
        sums[slot] += Math.round(r.value * 1_000_000);
        sums[slot + 1]++;
        return sums;
    }

    private static Aggregate aggregate(Windowed<String> w, long[] sums) {
        return new Aggregate(
                w.key(),
                w.window().start(),
                w.window().end(),
                WindowAverages.average(sums[0], sums[1]),
                WindowAverages.average(sums[2], sums[3]),
                sums[1],
                sums[3]);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** The four sums of a window (temperature micros, count, humidity micros, count), 32 bytes. */
    static final class SumsSerde implements Serde<long[]> {
        @Override
        public Serializer<long[]> serializer() {
            return (topic, sums) -> {
                ByteBuffer b = ByteBuffer.allocate(32);
                for (long s : sums) {
                    b.putLong(s);
                }
                return b.array();
            };
        }

        @Override
        public Deserializer<long[]> deserializer() {
            return (topic, bytes) -> {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
            };
        }
    }
}
