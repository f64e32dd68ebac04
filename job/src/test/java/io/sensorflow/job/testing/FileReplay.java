package io.sensorflow.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.job.SensorFlowJob;
import io.sensorflow.job.config.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The reference a Kafka run is held against: the same readings replayed from a file at parallelism
 * 1, with no failure and no restart, through the file sink.
 */
public record FileReplay(List<JsonNode> averages, List<JsonNode> alerts, List<String> deadLetters) {

    /** Replays {@code lines} with the pipeline arguments {@code pipelineArgs} in {@code dir}. */
    public static FileReplay of(List<String> lines, List<String> pipelineArgs, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        Path input = dir.resolve("readings.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(pipelineArgs);
        args.addAll(
                List.of(
                        "--source",
                        "file:" + input,
                        "--sink",
                        "file:" + out,
                        "--parallelism",
                        "1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])));
        env.execute("reference replay");
        return new FileReplay(
                JsonLines.read(out.resolve("averages.jsonl")),
                JsonLines.read(out.resolve("alerts.jsonl")),
                deadLetterKeys(JsonLines.read(out.resolve("dead-letter.jsonl"))));
    }

    /**
     * What a dead letter says about its record (reason and payload); its {@code source} names a
     * file line here and a topic, partition and offset on Kafka.
     */
    public static List<String> deadLetterKeys(List<JsonNode> deadLetters) {
        return deadLetters.stream()
                .map(d -> d.get("reason").asText() + " " + d.get("payload").asText())
                .toList();
    }

    /** These alerts of the given rules only. */
    public static List<JsonNode> ofRules(List<JsonNode> alerts, String... rules) {
        List<String> names = List.of(rules);
        return alerts.stream().filter(a -> names.contains(a.get("rule").asText())).toList();
    }
}
