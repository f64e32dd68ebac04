package io.sensorflow.cluster;

import static org.awaitility.Awaitility.await;

import io.sensorflow.job.testing.KafkaTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a topic's committed records ({@code read_committed}) as they come, noting when each one
 * became visible: how long a failure held the output back is measured on them.
 */
final class CommittedRecords implements AutoCloseable {
    private final List<Instant> arrivals = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile RuntimeException failure;
    private final Thread reader;

    CommittedRecords(String bootstrap, String topic) {
        reader =
                new Thread(
                        () -> {
                            try (KafkaConsumer<String, String> consumer =
                                    KafkaTopics.consumer(bootstrap, topic, true)) {
                                while (running.get()) {
                                    int n = consumer.poll(Duration.ofMillis(50)).count();
                                    Instant now = Instant.now();
                                    synchronized (arrivals) {
                                        for (int i = 0; i < n; i++) {
                                            arrivals.add(now);
                                        }
                                    }
                                }
                            } catch (RuntimeException e) {
                                failure = e;
                            }
                        },
                        "committed-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    int count() {
        check();
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    /**
     * Waits for a record beyond the first {@code seen} that became visible after {@code after};
     * returns when it did. (The reader polls every 50 ms: a record seen later than that after
     * {@code after} was not committed before it.)
     */
    Instant awaitArrivalAfter(int seen, Instant after, Duration timeout) {
        return await("a committed record")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> firstArrivalAfter(seen, after), Objects::nonNull);
    }

    /**
     * The arrival of the first record beyond the first {@code seen} after {@code after}, or null.
     */
    private Instant firstArrivalAfter(int seen, Instant after) {
        check();
        synchronized (arrivals) {
            for (int i = seen; i < arrivals.size(); i++) {
                if (arrivals.get(i).isAfter(after)) {
                    return arrivals.get(i);
                }
            }
        }
        return null;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("The reader of committed records failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.join(10_000);
    }
}
