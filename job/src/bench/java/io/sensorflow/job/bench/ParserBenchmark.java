package io.sensorflow.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorflow.api.Metric;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import io.sensorflow.job.source.ParseResult;
import io.sensorflow.job.source.ReadingParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of parsing one reading, as each source does it: from a Kafka record's bytes (topic
 * implies the metric), from a file line's bytes, from text (the generator), and the full judgement
 * that invalid records get; next to them, Jackson's tree model as the peer a user might write.
 *
 * <p>Run on purpose: {@code mvn -q -B -Pbench -pl job -am test -DskipTests
 * -Dbench.main=org.openjdk.jmh.Main -Dbench.args="ParserBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {
    static final String LINE =
            "{\"sensorId\":\"greenhouse-0042\",\"type\":\"temperature\",\"timestamp\":1795514400123,"
                    + "\"value\":31.57}";
    static final String KAFKA_VALUE =
            "{\"sensorId\":\"greenhouse-0042\",\"timestamp\":1795514400123,\"value\":31.57}";
    static final ObjectMapper MAPPER = new ObjectMapper();

    final byte[] kafkaBytes = KAFKA_VALUE.getBytes(StandardCharsets.UTF_8);
    final byte[] lineBytes = LINE.getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public ParsedRecord kafkaRecordFromBytes() {
        return ReadingParser.parseRecord(kafkaBytes, "readings/3@", 1234567, Metric.TEMPERATURE);
    }

    /** A line of a file, as the file source hands it over: its bytes. */
    @Benchmark
    public ParsedRecord fileLineFromBytes() {
        return ReadingParser.parseRecord(lineBytes, "readings.jsonl:", 42, null);
    }

    /** A reading given as text (the generator's, and this module's tests'). */
    @Benchmark
    public ParsedRecord recordFromText() {
        return ReadingParser.parseRecord(new RawRecord(LINE, "generator", null));
    }

    @Benchmark
    public ParseResult fullJudgement() {
        return ReadingParser.parse(LINE, null, "readings.jsonl:42");
    }

    @Benchmark
    public JsonNode jacksonTree() throws Exception {
        return MAPPER.readTree(kafkaBytes);
    }
}
