package io.sensorflow.job.bench;

import io.sensorflow.job.SensorFlowJob;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.testing.JsonLines;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End to end through a real broker on this machine: the job's sustained throughput from the
 * readings topics to committed aggregates, with EXACTLY_ONCE and AT_LEAST_ONCE; the latency from a
 * window's end to its alert in a consumer's hands, with 1 s checkpoints; next to them, the broker's
 * own ceiling (a plain producer and consumer on the same topics) and a Kafka Streams topology doing
 * the same work ({@link StreamsPeer}) with one and two stream threads.
 *
 * <p>Run on purpose, not as a test: {@code mvn -q -B -Pbench -pl job -am test -DskipTests
 * -Dbench.main=io.sensorflow.job.bench.KafkaBenchmark -Dbench.args="1000000 1000 2 40"}. Args:
 * {@code [readings] [sensors] [throughput rounds] [latency seconds]} (0 skips the latency part);
 * round 1 includes each system's warm-up (class loading, JIT) in its figures.
 */
public final class KafkaBenchmark {
    static final long START = 1795514400000L; // 2026-11-24T10:00:00Z
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    static final double THRESHOLD = 30;
    static final int PARALLELISM = 2;

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        KafkaBroker kafka = KafkaBroker.shared();
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s %s; broker %s in its own JVM on this machine; job"
                        + " parallelism %d, %d partitions per topic%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                kafka.bootstrapServers(),
                PARALLELISM,
                Throughput.PARTITIONS);

        Throughput throughput = new Throughput(kafka, readings, sensors);
        throughput.run(rounds);

        if (latencySeconds > 0) {
            new Latency(kafka, latencySeconds).run();
        }
    }

    /** The job's arguments for a run. */
    static List<String> jobArgs(
            PipelineTopics t, KafkaBroker kafka, String guarantee, Duration window, Duration ooo) {
        List<String> args = new ArrayList<>(t.jobArgs(kafka));
        args.addAll(
                List.of(
                        // a pipeline of its own per run, as a fresh deployment has: the
                        // exactly-once sink of connector 3.4 probes the transactional ids of
                        // every checkpoint an earlier job of the same pipeline took
                        "--pipeline",
                        KafkaBroker.uniqueName("bench"),
                        "--window-size",
                        window.toMillis() + "ms",
                        "--max-out-of-orderness",
                        ooo.toMillis() + "ms",
                        "--idle-timeout",
                        "10s",
                        "--rules",
                        "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":"
                                + THRESHOLD
                                + "}]",
                        "--checkpoint-interval",
                        "1s",
                        "--delivery-guarantee",
                        guarantee,
                        "--parallelism",
                        Integer.toString(PARALLELISM)));
        return args;
    }

    static JobClient startJob(List<String> args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        return env.executeAsync("bench");
    }

    /** A reading as a Kafka record's value: the topic says its metric. */
    static String reading(String sensorId, long timestamp, double value) {
        return String.format(
                Locale.ROOT,
                "{\"sensorId\":\"%s\",\"timestamp\":%d,\"value\":%.2f}",
                sensorId,
                timestamp,
                value);
    }

    static KafkaProducer<String, String> producer(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(
            KafkaBroker kafka, List<String> topics, boolean readCommitted) {
        return KafkaTopics.consumer(kafka.bootstrapServers(), topics, readCommitted);
    }

    /** Topic to committed aggregates: how fast the whole preloaded input turns into results. */
    static final class Throughput {
        static final int PARTITIONS = 4;
        final KafkaBroker kafka;
        final int readings;
        final int sensors;
        final PipelineTopics input;
        final int expectedAggregates;

        Throughput(KafkaBroker kafka, int readings, int sensors) {
            this.kafka = kafka;
            this.readings = readings;
            this.sensors = sensors;
            this.input = PipelineTopics.create(kafka, PARTITIONS);
            // ten readings per millisecond of event time: every sensor has readings of both
            // kinds in every window
            long spanMillis = readings / 10;
            this.expectedAggregates =
                    (int) (sensors * ((spanMillis + WINDOW.toMillis() - 1) / WINDOW.toMillis()));
        }

        void run(int rounds) throws Exception {
            warmTransactionCoordinator();
            double produceRate = preload();
            double consumeRate = consumeAll();
            System.out.printf(
                    Locale.ROOT,
                    "input: %,d JSON readings (%,d sensors, both kinds), %d s windows, %,d"
                            + " aggregates expected%n",
                    readings,
                    sensors,
                    WINDOW.toSeconds(),
                    expectedAggregates);
            System.out.printf(
                    Locale.ROOT,
                    "broker ceiling: plain producer %,.0f rec/s (acks=all, linger 10 ms);"
                            + " plain consumer %,.0f rec/s%n",
                    produceRate,
                    consumeRate);

            Set<String> reference = null;
            for (int round = 1; round <= rounds; round++) {
                reference = round(round, produceRate, reference);
            }
        }

        private Set<String> round(int round, double produceRate, Set<String> reference)
                throws Exception {
            List<String[]> rows = new ArrayList<>();
            for (String guarantee : List.of("EXACTLY_ONCE", "AT_LEAST_ONCE")) {
                PipelineTopics t = input.withFreshOutputs(kafka);
                long t0 = System.nanoTime();
                JobClient job = startJob(jobArgs(t, kafka, guarantee, WINDOW, OUT_OF_ORDERNESS));
                Result r = awaitAggregates(t, t0);
                job.cancel().get();
                reference = check("flink " + guarantee, reference, r.aggregates);
                rows.add(row("flink " + guarantee, r, produceRate));
            }
            for (int threads : List.of(1, 2)) {
                PipelineTopics t = input.withFreshOutputs(kafka);
                long t0 = System.nanoTime();
                Result r;
                try (StreamsPeer peer =
                        new StreamsPeer(
                                kafka.bootstrapServers(),
                                t,
                                WINDOW,
                                OUT_OF_ORDERNESS,
                                THRESHOLD,
                                threads)) {
                    r = awaitAggregates(t, t0);
                }
                reference =
                        check("kafka streams " + threads + " thread(s)", reference, r.aggregates);
                rows.add(row("kafka streams EOS v2, " + threads + " thread(s)", r, produceRate));
            }
            System.out.println(
                    "throughput round "
                            + round
                            + ", preloaded topics to committed aggregates (read_committed), from"
                            + " the start of each job:");
            for (String[] row : rows) {
                System.out.println("  " + String.join(" | ", row));
            }
            double flinkEo = Double.parseDouble(rows.get(0)[4]);
            double streams1 = Double.parseDouble(rows.get(2)[4]);
            double streams2 = Double.parseDouble(rows.get(3)[4]);
            System.out.printf(
                    Locale.ROOT,
                    "ratios: flink EO / streams 1 thread %.2f, flink EO / streams 2 threads %.2f,"
                            + " flink EO / flink ALO %.2f%n",
                    flinkEo / streams1,
                    flinkEo / streams2,
                    flinkEo / Double.parseDouble(rows.get(1)[4]));
            return reference;
        }

        /** Every system must give the very same aggregates. */
        private Set<String> check(String who, Set<String> reference, Set<String> aggregates) {
            if (aggregates.size() != expectedAggregates) {
                throw new IllegalStateException(
                        who + ": " + aggregates.size() + " aggregates, not " + expectedAggregates);
            }
            if (reference != null && !reference.equals(aggregates)) {
                throw new IllegalStateException(who + ": aggregates differ from the first run's");
            }
            return aggregates;
        }

        private String[] row(String who, Result r, double produceRate) {
            double rate = readings / r.seconds;
            return new String[] {
                who,
                String.format(Locale.ROOT, "%.1f s", r.seconds),
                String.format(Locale.ROOT, "first aggregate after %.1f s", r.firstSeconds),
                String.format(Locale.ROOT, "%,.0f rec/s", rate),
                String.format(Locale.ROOT, "%.0f", rate),
                String.format(Locale.ROOT, "%.2f of the producer ceiling", rate / produceRate)
            };
        }

        /**
         * A fresh broker creates its transaction state topic on the first transactional producer,
         * which took seconds here; whichever system came first would pay for it in its figures.
         */
        private void warmTransactionCoordinator() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaBroker.uniqueName("bench-warm-up"));
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.commitTransaction();
            }
        }

        /** Produces the readings keyed by sensor, timestamped with their event time. */
        private double preload() throws Exception {
            List<ProducerRecord<String, String>> records = new ArrayList<>(readings);
            for (int i = 0; i < readings; i++) {
                int sensor = i % sensors;
                boolean temperature = (i / sensors) % 2 == 0;
                long timestamp = START + i / 10;
                double value =
                        temperature
                                ? 20 + (sensor % 7) * 2 + (i % 13) * 0.1
                                : 40 + (sensor % 5) * 5 + (i % 11) * 0.1;
                String id = String.format(Locale.ROOT, "sensor-%04d", sensor);
                String json = reading(id, timestamp, value);
                records.add(
                        new ProducerRecord<>(
                                temperature ? input.temperature() : input.humidity(),
                                null,
                                timestamp,
                                id,
                                json));
            }
            long t0 = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                for (ProducerRecord<String, String> r : records) {
                    producer.send(r);
                }
                producer.flush();
                double rate = readings / ((System.nanoTime() - t0) / 1e9);
                // a reading far ahead on every partition closes every window
                long clock = START + readings / 10 + 3_600_000L;
                for (String topic : List.of(input.temperature(), input.humidity())) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        p,
                                        clock,
                                        "clock",
                                        "{\"sensorId\":\"clock\",\"timestamp\":"
                                                + clock
                                                + ",\"value\":20}"));
                    }
                }
                producer.flush();
                return rate;
            }
        }

        private double consumeAll() {
            long target = readings + 2L * PARTITIONS;
            long count = 0;
            long t0 = System.nanoTime();
            try (KafkaConsumer<String, String> c =
                    consumer(kafka, List.of(input.temperature(), input.humidity()), false)) {
                while (count < target) {
                    count += c.poll(Duration.ofMillis(500)).count();
                }
            }
            return count / ((System.nanoTime() - t0) / 1e9);
        }

        record Result(double seconds, double firstSeconds, Set<String> aggregates) {}

        private Result awaitAggregates(PipelineTopics t, long t0) {
            Set<String> seen = new HashSet<>();
            double first = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            try (KafkaConsumer<String, String> c = consumer(kafka, List.of(t.averages()), true)) {
                while (seen.size() < expectedAggregates) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "only " + seen.size() + " aggregates after 10 minutes");
                    }
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        seen.add(r.value());
                        if (first < 0) {
                            first = (System.nanoTime() - t0) / 1e9;
                        }
                    }
                }
            }
            return new Result((System.nanoTime() - t0) / 1e9, first, seen);
        }
    }

    /**
     * Readings produced in real time (event time = now) for {@code seconds}, with 1 s windows: 100
     * sensors, temperature from the even-numbered ones, humidity from the odd; five of them
     * (hot-000, -002, ..., -008) alternate between 35 °C and 25 °C each second, so each of their
     * windows brings an alert (FIRING or RESOLVED from the job, one per hot window from Kafka
     * Streams). Latency is the time from the window's end to the alert record in a consumer's
     * hands: it includes the out-of-orderness bound (200 ms) that the watermark must wait, the
     * checkpoint or commit that makes the record visible, and the consumer's poll.
     */
    static final class Latency {
        static final Duration WINDOW = Duration.ofSeconds(1);
        static final Duration OOO = Duration.ofMillis(200);
        static final int WARM_UP_SECONDS = 10;
        final KafkaBroker kafka;
        final int seconds;

        Latency(KafkaBroker kafka, int seconds) {
            this.kafka = kafka;
            this.seconds = seconds;
        }

        void run() throws Exception {
            System.out.printf(
                    Locale.ROOT,
                    "latency, window end to alert in a consumer's hands, 1 s windows, 200 ms"
                            + " out-of-orderness, 1 s checkpoints/commits, 2,000 readings/s of 100"
                            + " sensors, %d s measured after %d s warm-up:%n",
                    seconds,
                    WARM_UP_SECONDS);
            for (String guarantee : List.of("EXACTLY_ONCE", "AT_LEAST_ONCE")) {
                PipelineTopics t = PipelineTopics.create(kafka, Throughput.PARTITIONS);
                JobClient job = startJob(jobArgs(t, kafka, guarantee, WINDOW, OOO));
                long[] samples = measure(t, guarantee.equals("EXACTLY_ONCE"));
                job.cancel().get();
                print("flink " + guarantee, samples);
            }
            PipelineTopics t = PipelineTopics.create(kafka, Throughput.PARTITIONS);
            try (StreamsPeer peer =
                    new StreamsPeer(kafka.bootstrapServers(), t, WINDOW, OOO, THRESHOLD, 2)) {
                print("kafka streams EOS v2, 2 threads", measure(t, true));
            }
        }

        private void print(String who, long[] samples) {
            Arrays.sort(samples);
            System.out.printf(
                    Locale.ROOT,
                    "  %s: %d alerts, p50 %d ms, p99 %d ms, max %d ms%n",
                    who,
                    samples.length,
                    percentile(samples, 50),
                    percentile(samples, 99),
                    samples.length == 0 ? -1 : samples[samples.length - 1]);
        }

        static long percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return -1;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }

        /** Produces in real time and collects the latency of every alert after the warm-up. */
        private long[] measure(PipelineTopics t, boolean readCommitted) throws Exception {
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(t, producing), "bench producer");
            producer.start();
            long measureFrom = System.currentTimeMillis() + WARM_UP_SECONDS * 1000L;
            long until = measureFrom + seconds * 1000L;
            List<Long> samples = new ArrayList<>();
            try (KafkaConsumer<String, String> c =
                    consumer(kafka, List.of(t.alerts()), readCommitted)) {
                while (System.currentTimeMillis() < until + 3000) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        long windowEnd =
                                Instant.parse(JsonLines.parse(r.value()).get("windowEnd").asText())
                                        .toEpochMilli();
                        if (windowEnd >= measureFrom && windowEnd <= until) {
                            samples.add(now - windowEnd);
                        }
                    }
                }
            } finally {
                producing.set(false);
                producer.join();
            }
            return samples.stream().mapToLong(Long::longValue).toArray();
        }

        private void produce(PipelineTopics t, AtomicBoolean producing) {
            try (KafkaProducer<String, String> p = producer(kafka)) {
                p.flush();
                long tick = 0;
                long next = System.currentTimeMillis();
                while (producing.get()) {
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < 20; i++) {
                        int sensor = (int) ((tick * 20 + i) % 100);
                        boolean temperature = i % 2 == 0;
                        double value =
                                !temperature ? 50 : sensor < 10 && (now / 1000) % 2 == 0 ? 35 : 25;
                        String id = String.format(Locale.ROOT, "hot-%03d", sensor);
                        String json = reading(id, now, value);
                        p.send(
                                new ProducerRecord<>(
                                        temperature ? t.temperature() : t.humidity(),
                                        null,
                                        now,
                                        id,
                                        json));
                    }
                    tick++;
                    next += 10;
                    long sleep = next - System.currentTimeMillis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
