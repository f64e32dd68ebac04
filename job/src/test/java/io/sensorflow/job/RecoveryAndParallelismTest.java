package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FailOnceAfterCheckpoint;
import io.sensorflow.job.testing.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A larger replay (simulated sensors, out-of-order, late and malformed readings) gives the same
 * outputs at parallelism 1 and 2, and the same again when a task fails mid-stream and the job
 * restores from its last checkpoint: nothing lost, nothing written twice.
 */
class RecoveryAndParallelismTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final int READINGS = 24_000;
    static final String[] OPTIONS = {
        "--pipeline",
        "replay",
        "--window-size",
        "10s",
        "--max-out-of-orderness",
        "300ms",
        "--rules",
        "[{\"name\":\"overheat\",\"metric\":\"temperature\",\"above\":30,\"consecutiveWindows\":2},"
                + "{\"name\":\"dry\",\"metric\":\"humidity\",\"below\":40}]"
    };

    @TempDir static Path work;
    static Path input;
    static Path reference;

    @BeforeAll
    static void replayOnceAtParallelismOne() throws Exception {
        input = work.resolve("readings.jsonl");
        Files.write(input, SimulatedReadings.lines(8, READINGS));
        reference = work.resolve("p1");
        run(1, reference, false);
        assertThat(Files.readAllLines(reference.resolve("averages.jsonl"))).hasSizeGreaterThan(400);
        assertThat(Files.readAllLines(reference.resolve("alerts.jsonl"))).hasSizeGreaterThan(20);
        assertThat(Files.readAllLines(reference.resolve("dead-letter.jsonl")))
                .anyMatch(l -> l.contains("\"late\""))
                .anyMatch(l -> l.contains("malformed-json"));
    }

    @Test
    @Timeout(240)
    void parallelismTwoGivesTheSameOutputs() throws Exception {
        Path out = work.resolve("p2");
        run(2, out, false);
        assertSameOutputs(out, reference);
    }

    @Test
    @Timeout(240)
    void aTaskFailureMidStreamLosesAndDuplicatesNothing() throws Exception {
        Path out = work.resolve("failure");
        FailOnceAfterCheckpoint.reset();
        run(2, out, true);
        assertThat(FailOnceAfterCheckpoint.FAILED.get()).as("the failure was injected").isTrue();
        assertSameOutputs(out, reference);
    }

    static void run(int parallelism, Path out, boolean injectFailure) throws Exception {
        Configuration config = new Configuration();
        Clusters.restartingThreeTimes(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        String[] args =
                concat(
                        OPTIONS,
                        "--source",
                        "file:" + input,
                        "--sink",
                        "file:" + out,
                        "--parallelism",
                        Integer.toString(parallelism),
                        "--checkpoint-interval",
                        "200ms");
        SensorFlowJob.build(
                env,
                JobOptions.parse(args),
                injectFailure ? FailOnceAfterCheckpoint::after : UnaryOperator.identity());
        env.execute("replay p" + parallelism + (injectFailure ? " with a failure" : ""));
    }

    static void assertSameOutputs(Path actual, Path expected) throws IOException {
        for (String file : List.of("averages.jsonl", "alerts.jsonl")) {
            List<String> got = Files.readAllLines(actual.resolve(file));
            assertThat(got)
                    .as(file)
                    .containsExactlyInAnyOrderElementsOf(
                            Files.readAllLines(expected.resolve(file)));
            // and in the same (window) order per sensor, for alerts per sensor and rule
            Function<List<JsonNode>, Map<String, List<JsonNode>>> grouping =
                    file.startsWith("alerts") ? JsonLines::bySensorAndRule : JsonLines::bySensor;
            assertThat(grouping.apply(got.stream().map(JsonLines::parse).toList()))
                    .as(file + " in order")
                    .isEqualTo(
                            grouping.apply(
                                    Files.readAllLines(expected.resolve(file)).stream()
                                            .map(JsonLines::parse)
                                            .toList()));
        }
        assertThat(deadLettersWithoutTime(actual))
                .containsExactlyInAnyOrderElementsOf(deadLettersWithoutTime(expected));
    }

    static List<String> deadLettersWithoutTime(Path dir) {
        return JsonLines.read(dir.resolve("dead-letter.jsonl")).stream()
                .map(d -> JsonLines.without(d, "at").toString())
                .toList();
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
