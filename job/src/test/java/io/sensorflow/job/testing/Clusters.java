package io.sensorflow.job.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The Flink mini cluster the job's tests run on: one task manager with four slots and managed
 * memory enough for RocksDB (with the mini cluster's default it flushes its memtables constantly).
 */
public final class Clusters {
    private Clusters() {}

    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(CollectingReporter.configure(withManagedMemory()))
                        .build());
    }

    /**
     * Sets a restart strategy for tests that inject a failure: up to three restarts, 200 ms apart
     * (without checkpointing, Flink's default is not to restart at all).
     */
    public static Configuration restartingThreeTimes(Configuration config) {
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return config;
    }

    /**
     * Cancels a job and waits until it has stopped. Cancelling only asks: the tasks go on a little
     * while after, and a test that reuses static state would see the old job's last records.
     */
    public static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job.getJobStatus().get().isGloballyTerminalState());
    }

    private static Configuration withManagedMemory() {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        return config;
    }
}
