package io.sensorflow.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorflow.e2e.Platform;
import io.sensorflow.job.testing.CollectingReporter;
import io.sensorflow.job.testing.KafkaBroker;
import io.sensorflow.job.testing.KafkaTopics;
import io.sensorflow.job.testing.PipelineTopics;
import io.sensorflow.job.testing.Postgres;
import io.sensorflow.operator.crd.ReadStoreSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How fast a threshold edit reaches the running job, run on purpose (not a test). The broker (own
 * JVM), the controller and the job (mini cluster, parallelism 2, 1 s windows, 1 s checkpoints)
 * share this machine. Four sensors report 32 °C ten times a second in real time; each edit flips
 * the rule's threshold between 35 and 30, so every new version turns the alerts around (RESOLVED,
 * then FIRING). Per edit it measures, from the moment the SensorPipeline is written: until every
 * parallel evaluator holds the new version (its {@code rulesVersion} gauge), until the first alert
 * evaluated under it reaches a read_uncommitted consumer, and until the read store (a real
 * PostgreSQL) shows it: every sensor's {@code alerts_active} row gone after an edit that resolves
 * the alerts, back after one that fires them.
 *
 * <p>{@code mvn -q -B -Pbench-live -pl job/e2e -am package -DskipTests [-Dbench.args=30]}
 */
public final class LiveThresholdLatency {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        KafkaBroker kafka = KafkaBroker.shared();
        PipelineTopics topics = PipelineTopics.create(kafka);
        try (Platform platform = new Platform(Files.createTempDirectory("latency"));
                Postgres postgres = Postgres.start()) {
            SensorPipeline p = Platform.pipeline(kafka, topics, "1s");
            p.getSpec().window.maxOutOfOrderness = "0s";
            p.getSpec().window.idleTimeout = "1s";
            String readStore = postgres.newDatabase();
            p.getSpec().readStore = new ReadStoreSpec();
            p.getSpec().readStore.url = readStore;
            p.getSpec().readStore.credentialsSecret = "read-store";
            platform.createReadStoreSecret("read-store");
            platform.client().resource(p).create();
            FlinkDeployment fd = platform.awaitFlinkDeployment(d -> true);

            Configuration config = CollectingReporter.configure(new Configuration());
            config.setString("taskmanager.numberOfTaskSlots", "4");
            JobClient job =
                    platform.startJobWithMounts(
                            StreamExecutionEnvironment.createLocalEnvironment(config),
                            fd,
                            Files.createTempDirectory("mounts"));

            Map<Long, Long> firstAlert = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sensors = new Thread(() -> feed(kafka, topics, running), "sensors");
            Thread reader =
                    new Thread(() -> readAlerts(kafka, topics, firstAlert, running), "alerts");
            sensors.start();
            reader.start();
            awaitVersion(1, System.nanoTime() + Duration.ofSeconds(60).toNanos());
            Thread.sleep(3000);

            long[] applied = new long[edits];
            long[] alerted = new long[edits];
            long[] resolvedInStore = new long[(edits + 1) / 2];
            long[] firedInStore = new long[edits / 2];
            Connection store = Postgres.connect(readStore);
            for (int i = 0; i < edits; i++) {
                double threshold = i % 2 == 0 ? 35.0 : 30.0;
                long start = System.nanoTime();
                long version = platform.editSpec(s -> s.alerting.rules.get(0).above = threshold);
                long deadline = start + Duration.ofSeconds(30).toNanos();
                applied[i] = awaitVersion(version, deadline) - start;
                while (!firstAlert.containsKey(version) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long seen = firstAlert.get(version);
                if (seen == null) {
                    throw new IllegalStateException("no alert under version " + version);
                }
                alerted[i] = seen - start;
                // even edits (35) resolve the four sensors' alerts, odd ones (30) fire them again
                int expected = i % 2 == 0 ? 0 : 4;
                long shown = awaitActiveAlerts(store, expected, deadline) - start;
                if (i % 2 == 0) {
                    resolvedInStore[i / 2] = shown;
                } else {
                    firedInStore[i / 2] = shown;
                }
                Thread.sleep(1500);
            }
            running.set(false);
            sensors.join();
            reader.join();
            job.cancel().get();
            print("CR edit -> every evaluator holds the version", applied);
            print("CR edit -> first alert under it (read_uncommitted)", alerted);
            print("CR edit -> alerts_active rows gone (resolved)", resolvedInStore);
            print("CR edit -> alerts_active rows back (fired)", firedInStore);
            store.close();
        }
        System.exit(0); // the shared broker's JVM is stopped by its shutdown hook
    }

    /** Polls the evaluators' rulesVersion gauges; returns when all show the version. */
    static long awaitVersion(long version, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            List<Object> versions = CollectingReporter.gaugeValues("rulesVersion");
            if (versions.size() == 2
                    && versions.stream().allMatch(v -> ((Number) v).longValue() == version)) {
                return System.nanoTime();
            }
            Thread.sleep(0, 200_000);
        }
        throw new IllegalStateException("version " + version + " never reached every evaluator");
    }

    /** Polls the read store until it holds this many active alerts; returns when it does. */
    static long awaitActiveAlerts(Connection store, int rows, long deadline) throws Exception {
        try (PreparedStatement count =
                store.prepareStatement("SELECT count(*) FROM alerts_active")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    if (r.getInt(1) == rows) {
                        return System.nanoTime();
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("alerts_active never held " + rows + " rows");
    }

    /** Four sensors at 32 °C, ten readings a second each, stamped with the wall clock. */
    static void feed(KafkaBroker kafka, PipelineTopics topics, AtomicBoolean running) {
        try (KafkaProducer<String, String> producer =
                KafkaTopics.producer(kafka.bootstrapServers())) {
            while (running.get()) {
                long now = System.currentTimeMillis();
                for (int s = 0; s < 4; s++) {
                    String sensor = "bench-" + s;
                    producer.send(
                            new ProducerRecord<>(
                                    topics.temperature(),
                                    sensor,
                                    "{\"sensorId\":\"%s\",\"timestamp\":%d,\"value\":32.0}"
                                            .formatted(sensor, now)));
                }
                for (int partition = 0; partition < topics.partitions(); partition++) {
                    producer.send(
                            new ProducerRecord<>(
                                    topics.humidity(),
                                    partition,
                                    "clock",
                                    PipelineTopics.clockReadings(now).get(1)));
                }
                producer.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes when the first alert of each rules version arrives. */
    static void readAlerts(
            KafkaBroker kafka,
            PipelineTopics topics,
            Map<Long, Long> firstAlert,
            AtomicBoolean running) {
        try (KafkaConsumer<String, String> consumer =
                KafkaTopics.consumer(kafka.bootstrapServers(), topics.alerts(), false)) {
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                    long at = System.nanoTime();
                    try {
                        JsonNode alert = JSON.readTree(r.value());
                        firstAlert.putIfAbsent(alert.path("rulesVersion").asLong(), at);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s over %d edits: p50 %.0f ms, p99 %.0f ms, min %.0f ms, max %.0f ms%n",
                what,
                sorted.length,
                sorted[(int) Math.ceil(0.50 * sorted.length) - 1] / 1e6,
                sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6,
                sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
