package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorflow.job.model.AlertStatus;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.Rejection;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FailOnceAfterCheckpoint;
import io.sensorflow.job.testing.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded run on the job's own embedded cluster, as {@code java -jar} runs it, reports on stderr:
 * progress lines while it works and a summary at the end whose counts are those of its outputs. (No
 * shared mini cluster here: the job must start its own, as it does for users.)
 */
class RunReportTest {

    static final Pattern PROGRESS =
            Pattern.compile(
                    "progress after [0-9:.]+( s)?: ([0-9,]+) readings? read"
                            + "(?: \\(([0-9]+) % of the file\\))?, [0-9,]+/s,"
                            + " event time (none yet|[0-9-]+T[0-9:]+Z), ([0-9,]+) dead letters?");

    /**
     * The golden replay's summary after its first line (which has the wall time): the counts
     * written by hand in the golden files.
     */
    static final List<String> GOLDEN_SUMMARY =
            List.of(
                    "summary: dead letters 17 (malformed-json 5, missing-field 3, wrong-type 2,"
                            + " invalid-value 4, out-of-range 2, late 1)",
                    "summary: aggregates written 13",
                    "summary: alerts written 11 (FIRING 6, RESOLVED 5)");

    @Test
    @Timeout(180)
    void theGoldenReplayReportsProgressAndTheHandCheckedTotals(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(GoldenReplayTest.goldenArgs(out));
        args.addAll(List.of("--progress-interval", "100ms"));
        Run run = Run.of(args);

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.out).as("stdout carries records only").isEmpty();
        assertThat(run.progressLines()).isNotEmpty();
        assertThat(run.summary()).containsExactlyElementsOf(GOLDEN_SUMMARY);
        assertThat(run.readingsInSummary()).isEqualTo(40);
        assertThat(run.summaryCounts()).isEqualTo(outputCounts(out));
        run.assertPlainLinesOnly();
    }

    /**
     * A replay long enough to be seen under way: the lines count up through the file, and the end
     * agrees with the three output files whatever the input.
     */
    @Test
    @Timeout(180)
    void aLongerReplayCountsUpThroughTheFileAndEndsWithItsOutputsCounts(@TempDir Path dir)
            throws Exception {
        Path input = dir.resolve("readings.jsonl");
        Files.write(input, SimulatedReadings.lines(16, 200_000));
        Path out = dir.resolve("out");
        Run run =
                Run.of(
                        List.of(
                                "--source", "file:" + input,
                                "--sink", "file:" + out,
                                "--window-size", "10s",
                                "--max-out-of-orderness", "200ms",
                                "--progress-interval", "100ms"));

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.out).isEmpty();
        List<Matcher> progress = run.progressLines();
        assertThat(progress).isNotEmpty();
        long readingsBefore = 0;
        long shareBefore = 0;
        for (Matcher line : progress) {
            long readings = number(line.group(2));
            assertThat(readings).isBetween(readingsBefore, 200_000L);
            assertThat(line.group(3)).as("the share of the file is given").isNotNull();
            long share = Long.parseLong(line.group(3));
            assertThat(share).isBetween(shareBefore, 100L);
            readingsBefore = readings;
            shareBefore = share;
        }
        assertThat(progress)
                .as("a line while the replay was under way")
                .anyMatch(
                        l ->
                                number(l.group(2)) > 0
                                        && number(l.group(2)) < 200_000
                                        && Long.parseLong(l.group(3)) > 0);
        assertThat(run.readingsInSummary()).isEqualTo(200_000);
        Map<String, Long> counts = run.summaryCounts();
        assertThat(counts).isEqualTo(outputCounts(out));
        assertThat(counts.get("dead letters")).as("cut-off and late readings").isPositive();
        assertThat(counts.get("FIRING")).isPositive();
        run.assertPlainLinesOnly();
    }

    /** With records on stdout, the reports still go to stderr only. */
    @Test
    @Timeout(180)
    void withRecordsOnStdoutTheReportsStayOnStderr() throws Exception {
        List<String> args = new ArrayList<>(GoldenReplayTest.goldenPipelineArgs());
        args.addAll(
                List.of(
                        "--source",
                        "file:" + GoldenReplayTest.GOLDEN.resolve("readings.jsonl"),
                        "--sink",
                        "stdout",
                        "--progress",
                        "on",
                        "--progress-interval",
                        "100ms"));
        // Flink's print sink writes to System.out as the task opens: catch it there
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Run run;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            run = Run.of(args);
        } finally {
            System.setOut(stdout);
        }

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.progressLines()).isNotEmpty();
        List<String> records = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(records)
                .hasSize(13 + 11 + 17)
                .allMatch(l -> l.matches("(average|alert|dead-letter)> \\{.*\\}"));
        assertThat(run.summary()).containsExactlyElementsOf(GOLDEN_SUMMARY);
    }

    @Test
    @Timeout(180)
    void progressOffLeavesOnlyTheSummary(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(GoldenReplayTest.goldenArgs(out));
        args.addAll(List.of("--progress", "off", "--progress-interval", "100ms"));
        Run run = Run.of(args);

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.progressLines()).isEmpty();
        assertThat(run.err.lines()).allMatch(l -> l.startsWith("summary: "));
        assertThat(run.summaryCounts()).isEqualTo(outputCounts(out));
    }

    /**
     * A task failure mid-replay: the run goes on from its last checkpoint, and its report says that
     * it restarted and that its counts include what was read again.
     */
    @Test
    @Timeout(240)
    void aRestartIsReportedAndItsRereadReadingsAreCountedAgain(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("readings.jsonl");
        Files.write(input, SimulatedReadings.lines(16, 20_000));
        Path out = dir.resolve("out");
        Configuration cluster = new Configuration();
        Clusters.restartingThreeTimes(cluster);
        FailOnceAfterCheckpoint.reset();
        Run run =
                Run.of(
                        List.of(
                                "--source", "file:" + input,
                                "--sink", "file:" + out,
                                "--window-size", "10s",
                                "--max-out-of-orderness", "300ms",
                                "--parallelism", "2",
                                "--checkpoint-interval", "200ms",
                                "--progress-interval", "100ms"),
                        cluster,
                        FailOnceAfterCheckpoint::after);
        assertThat(FailOnceAfterCheckpoint.FAILED.get()).as("the failure was injected").isTrue();

        assertThat(run.err.lines())
                .anyMatch(l -> l.startsWith("progress") && l.endsWith(", 1 restart"))
                .anyMatch(l -> l.startsWith("summary: the job restarted 1 time on the way"));
        assertThat(run.readingsInSummary())
                .as("the readings after the checkpoint were read twice")
                .isGreaterThan(20_000);
    }

    /** What the three files hold: lines, and dead letters by reason code and alerts by status. */
    static Map<String, Long> outputCounts(Path out) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> reasons =
                JsonLines.read(out.resolve("dead-letter.jsonl")).stream()
                        .map(d -> d.get("reason").asText().split(":")[0])
                        .toList();
        counts.put("dead letters", (long) reasons.size());
        for (Rejection.Code code : Rejection.Code.values()) {
            counts.put(code.text(), reasons.stream().filter(code.text()::equals).count());
        }
        counts.put("aggregates written", lineCount(out.resolve("averages.jsonl")));
        List<String> statuses =
                JsonLines.read(out.resolve("alerts.jsonl")).stream()
                        .map(a -> a.get("status").asText())
                        .toList();
        counts.put("alerts written", (long) statuses.size());
        for (AlertStatus status : AlertStatus.values()) {
            counts.put(status.name(), statuses.stream().filter(status.name()::equals).count());
        }
        return counts;
    }

    /** Lines of printable text: no carriage returns, cursor moves or colours. */
    static void assertPlainLines(String text) {
        assertThat(
                        text.chars()
                                .filter(c -> c != '\n' && Character.isISOControl(c))
                                .mapToObj(c -> String.format("U+%04X", c))
                                .collect(Collectors.toList()))
                .isEmpty();
    }

    private static long lineCount(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    /** One run of the job's command line, with what it printed. */
    record Run(int status, String out, String err) {

        static Run of(List<String> args) throws Exception {
            return of(args, new Configuration(), UnaryOperator.identity());
        }

        /** With this configuration of the embedded cluster and this step after the sources. */
        static Run of(
                List<String> args,
                Configuration cluster,
                UnaryOperator<DataStream<ParsedRecord>> afterSources)
                throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status =
                    SensorFlowJob.run(
                            args.toArray(new String[0]),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            cluster,
                            afterSources);
            return new Run(
                    status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }

        /** The progress lines, each checked against the format as a whole. */
        List<Matcher> progressLines() {
            return err.lines()
                    .filter(l -> l.startsWith("progress"))
                    .map(
                            l -> {
                                Matcher m = PROGRESS.matcher(l);
                                assertThat(m.matches()).as("progress line '%s'", l).isTrue();
                                return m;
                            })
                    .toList();
        }

        /** The summary's lines after its first, which has the wall time. */
        List<String> summary() {
            List<String> lines = err.lines().filter(l -> l.startsWith("summary: ")).toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0))
                    .matches(
                            "summary: [0-9,]+ readings? read in [0-9:.]+( s)? \\([0-9,]+ readings/s\\)");
            return lines.subList(1, lines.size());
        }

        long readingsInSummary() {
            String first = err.lines().filter(l -> l.startsWith("summary: ")).findFirst().get();
            return number(first.split(" ")[1]);
        }

        /** The summary's counts by the names the output counts use. */
        Map<String, Long> summaryCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            Pattern total = Pattern.compile("summary: (.+?) ([0-9,]+)(?: \\((.*)\\))?");
            for (String line : summary()) {
                Matcher m = total.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                counts.put(m.group(1), number(m.group(2)));
                if (m.group(3) != null) {
                    for (String part : m.group(3).split(", ")) {
                        String[] kv = part.split(" ");
                        counts.put(kv[0], number(kv[1]));
                    }
                }
            }
            return counts;
        }

        void assertPlainLinesOnly() {
            assertPlainLines(err);
        }
    }
}
