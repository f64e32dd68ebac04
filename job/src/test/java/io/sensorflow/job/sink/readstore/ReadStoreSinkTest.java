package io.sensorflow.job.sink.readstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.job.config.ReadStoreSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.Test;

/** What the planner makes of the read store's writes. */
class ReadStoreSinkTest {

    /**
     * The planner's operators have no uids of ours, so none of them may keep state: a savepoint
     * restore into an upgraded job could not find it again (and would drop it, with
     * allowNonRestoredState, silently). Only our own conversions, with uids, come before them.
     */
    @Test
    void theWritesKeepNoStateInPlannerMadeOperators() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReadStoreSink.attach(
                StreamTableEnvironment.create(env),
                "p",
                new ReadStoreSettings("jdbc:postgresql://db:5432/x", "u", "secret"),
                env.fromData(TypeInformation.of(Aggregate.class), new Aggregate()),
                env.fromData(TypeInformation.of(Alert.class), new Alert()));
        assertThat(env.getStreamGraph().getStreamNodes())
                .extracting(StreamNode::getOperatorName)
                .noneMatch(name -> name.contains("ChangelogNormalize"))
                .noneMatch(name -> name.contains("SinkMaterializer"))
                .noneMatch(name -> name.contains("Deduplicate"))
                .anyMatch(name -> name.contains("read_store_alerts_active"));
    }
}
