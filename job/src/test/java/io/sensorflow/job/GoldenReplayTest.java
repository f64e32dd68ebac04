package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.CollectingReporter;
import io.sensorflow.job.testing.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays {@code golden/readings.jsonl} through the whole job (command line to files) and compares
 * the three output files with {@code golden/*.jsonl}, which were written by hand from the README
 * ("Records"): three rules (one {@code below}, one with {@code consecutiveWindows} 2), four
 * sensors, out-of-order and late readings, windows with one metric only, values exactly at a
 * threshold, ISO and epoch timestamps, and a malformed line of every kind.
 */
class GoldenReplayTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static final Path GOLDEN = Path.of("src/test/resources/golden").toAbsolutePath();

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    @Timeout(180)
    void replayMatchesTheHandComputedRecords(int parallelism, @TempDir Path out) throws Exception {
        CollectingReporter.clear();
        int status = runGolden(parallelism, out);
        assertThat(status).isZero();

        assertGoldenAveragesAndAlerts(out);

        // Dead letters: the reason code, the line they came from and the original text.
        List<JsonNode> deadLetters = JsonLines.read(out.resolve("dead-letter.jsonl"));
        for (JsonNode d : deadLetters) {
            assertThat(Instant.parse(d.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
            String reason = d.get("reason").asText();
            assertThat(reason.equals("late") || reason.matches("[a-z-]+: .+"))
                    .as("reason '%s' is a code with a detail (or just 'late')", reason)
                    .isTrue();
        }
        assertThat(deadLetters.stream().map(GoldenReplayTest::comparableDeadLetter).toList())
                .containsExactlyInAnyOrderElementsOf(
                        JsonLines.read(GOLDEN.resolve("dead-letter.jsonl")));

        // The job's own counters agree.
        assertThat(CollectingReporter.counterSum("readingsIn")).isEqualTo(40);
        assertThat(deadLettered("malformed-json")).isEqualTo(5);
        assertThat(deadLettered("missing-field")).isEqualTo(3);
        assertThat(deadLettered("wrong-type")).isEqualTo(2);
        assertThat(deadLettered("invalid-value")).isEqualTo(4);
        assertThat(deadLettered("out-of-range")).isEqualTo(2);
        assertThat(deadLettered("late")).isEqualTo(1);
        assertThat(CollectingReporter.counterSum("aggregatesOut")).isEqualTo(13);
        assertThat(alertsOut("FIRING")).isEqualTo(6);
        assertThat(alertsOut("RESOLVED")).isEqualTo(5);
    }

    /**
     * Every record and every piece of state has a serializer of Flink's own: with generic types
     * disabled, a type that would fall back to Kryo fails the job instead, and the replay must
     * still give the golden records. (Kryo is slow, and fails on JDK internals under Java 17.)
     */
    @Test
    @Timeout(180)
    void noRecordOrStateFallsBackToKryo(@TempDir Path out) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        List<String> args = new ArrayList<>(goldenArgs(out));
        args.addAll(List.of("--parallelism", "2", "--checkpoint-interval", "100ms"));
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        env.execute("golden without kryo");

        assertGoldenAveragesAndAlerts(out);
    }

    /**
     * Averages per sensor in window order, exactly the hand-computed records; alerts per sensor and
     * rule in window order (FIRING before its RESOLVED), field for field.
     */
    private static void assertGoldenAveragesAndAlerts(Path out) {
        assertThat(JsonLines.bySensor(JsonLines.read(out.resolve("averages.jsonl"))))
                .containsExactlyInAnyOrderEntriesOf(
                        JsonLines.bySensor(JsonLines.read(GOLDEN.resolve("averages.jsonl"))));
        assertThat(JsonLines.bySensorAndRule(JsonLines.read(out.resolve("alerts.jsonl"))))
                .containsExactlyInAnyOrderEntriesOf(
                        JsonLines.bySensorAndRule(JsonLines.read(GOLDEN.resolve("alerts.jsonl"))));
    }

    static int runGolden(int parallelism, Path out) throws Exception {
        List<String> args = new ArrayList<>(goldenArgs(out));
        args.addAll(List.of("--parallelism", Integer.toString(parallelism)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                SensorFlowJob.run(
                        args.toArray(new String[0]),
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return status;
    }

    /** The command line of the golden replay, writing into {@code out}. */
    static List<String> goldenArgs(Path out) throws IOException {
        List<String> args = new ArrayList<>(goldenPipelineArgs());
        args.addAll(
                List.of(
                        "--source", "file:" + GOLDEN.resolve("readings.jsonl"),
                        "--sink", "file:" + out));
        return args;
    }

    /** The golden pipeline's name, window, watermark bound and rules. */
    static List<String> goldenPipelineArgs() throws IOException {
        return List.of(
                "--pipeline", "golden",
                "--window-size", "1m",
                "--max-out-of-orderness", "10s",
                "--rules", Files.readString(GOLDEN.resolve("rules.json")).trim());
    }

    private static JsonNode comparableDeadLetter(JsonNode d) {
        ObjectNode copy = (ObjectNode) JsonLines.without(d, "at");
        copy.put("reason", d.get("reason").asText().split(":")[0]);
        String source = d.get("source").asText();
        copy.put("source", source.substring(source.lastIndexOf('/') + 1));
        return copy;
    }

    private static long deadLettered(String reason) {
        return CollectingReporter.counterSum("deadLettered", v -> reason.equals(v.get("<reason>")));
    }

    private static long alertsOut(String status) {
        return CollectingReporter.counterSum("alertsOut", v -> status.equals(v.get("<status>")));
    }
}
