package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines get one clear line naming the option and exit status 2, never a trace. */
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--window-size banana|'--window-size': 'banana' is not a duration",
                "--window-size|Missing required parameter for option '--window-size'",
                "--frobnicate|Unknown option: '--frobnicate'",
                "--window-size 500ms|'--window-size': 500ms is outside 1s .. 24h",
                "--window-size 25h|'--window-size': 25h is outside 1s .. 24h",
                "--window-size 1m --max-out-of-orderness 2m|'--max-out-of-orderness': 2m is longer than the window (1m)",
                "--idle-timeout soon|'--idle-timeout': 'soon' is not a duration",
                "--checkpoint-interval 3|'--checkpoint-interval': '3' is not a duration",
                "--pipeline Bad_Name|'--pipeline': 'Bad_Name' must be a DNS label",
                "--source nowhere|'--source': 'nowhere' is not one of generator, file:PATH or kafka",
                "--source file:/no/such/file.jsonl|'--source': '/no/such/file.jsonl' is not a readable file",
                "--source stdout|'--source': 'stdout' is not one of generator, file:PATH or kafka",
                "--sink generator|'--sink': 'generator' is not one of stdout, file:DIR or kafka",
                "--sink kafka|'--sink': kafka needs --kafka-bootstrap HOST:PORT",
                "--source kafka --kafka-bootstrap k:9092 --kafka-properties /no/such.properties|'--kafka-properties': cannot read '/no/such.properties'",
                "--delivery-guarantee EXACTLY_ONCE --checkpoint-interval 0s|'--delivery-guarantee': EXACTLY_ONCE commits on checkpoints",
                "--rules [|'--rules': not valid JSON",
                "--rules [{\"name\":\"a\",\"metric\":\"temperature\"}]|'--rules': [0]: set exactly one of above and below",
                "--rules-configmap Bad_Name|'--rules-configmap': 'Bad_Name' is not a valid ConfigMap name",
                "--alerts-topic bad/topic|'--alerts-topic': 'bad/topic' is not a Kafka topic name",
                "--averages-topic sensors.temperature|'--averages-topic': 'sensors.temperature' is also the temperature topic",
                "--delivery-guarantee SOMETIMES|'--delivery-guarantee': expected one of [EXACTLY_ONCE, AT_LEAST_ONCE]",
                "--parallelism 0|'--parallelism': 0 is outside 1..32768",
                "--parallelism two|'--parallelism': 'two' is not an int",
                "--sensors 0|'--sensors': 0 is outside 1..1000000",
                "--rate -5|'--rate': must be a positive number",
                "--backfill 2h|'--backfill': 2h is longer than 1h",
                "--backfill later|'--backfill': 'later' is not a duration",
                "--source kafka --kafka-bootstrap k:9092 --backfill 10s|'--backfill': only means something with --source generator",
                "--progress maybe|'--progress': 'maybe' is not on or off",
                "--progress|Missing required parameter for option '--progress'",
                "--progress-interval 50ms|'--progress-interval': 50ms is outside 100ms .. 1h",
                "--progress-interval 2h|'--progress-interval': 2h is outside 100ms .. 1h",
            })
    void printsOneLineNamingTheOptionAndExitsWithTwo(String args, String expected)
            throws Exception {
        Result r = run(args.split(" "));
        assertThat(r.status).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.lines()).hasSize(1);
        assertThat(r.err)
                .startsWith("sensorflow-job: ")
                .contains(expected)
                .endsWith("(see --help)\n");
    }

    @Test
    void helpListsEveryOptionOfTheContract() throws Exception {
        Result r = run("--help");
        assertThat(r.status).isZero();
        assertThat(r.err).isEmpty();
        for (String option :
                new String[] {
                    "--pipeline",
                    "--source",
                    "--sink",
                    "--window-size",
                    "--max-out-of-orderness",
                    "--idle-timeout",
                    "--rules",
                    "--rules-configmap",
                    "--kafka-bootstrap",
                    "--temperature-topic",
                    "--humidity-topic",
                    "--averages-topic",
                    "--alerts-topic",
                    "--dead-letter-topic",
                    "--consumer-group",
                    "--delivery-guarantee",
                    "--checkpoint-interval",
                    "--kafka-properties",
                    "--sensors",
                    "--rate",
                    "--backfill",
                    "--progress",
                    "--progress-interval",
                    "--parallelism"
                }) {
            assertThat(r.out).contains(option);
        }
    }

    @Test
    void aSinkDirectoryMustNotBeAFile(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("x"));
        Result r = run("--sink", "file:" + file);
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).contains("exists and is not a directory");
    }

    record Result(int status, String out, String err) {}

    static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                SensorFlowJob.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
