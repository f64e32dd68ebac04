package io.sensorflow.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink mini cluster the job's tests run on: one task manager with four slots. */
public final class Clusters {
    private Clusters() {}

    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(CollectingReporter.configure(new Configuration()))
                        .build());
    }
}
