package io.sensorflow.job.sink;

import io.sensorflow.job.config.Endpoint;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.DeadLetter;
import java.nio.file.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

/** Attaches the three outputs to the sink the command line chose. */
public final class OutputSinks {
    private OutputSinks() {}

    public static void attach(
            Endpoint sink,
            DataStream<Aggregate> averages,
            DataStream<Alert> alerts,
            DataStream<DeadLetter> deadLetters) {
        write(sink, averages.map(RecordJson::of).name("averages as JSON"), Output.AVERAGES);
        write(sink, alerts.map(RecordJson::of).name("alerts as JSON"), Output.ALERTS);
        write(
                sink,
                deadLetters.map(RecordJson::of).name("dead letters as JSON"),
                Output.DEAD_LETTERS);
    }

    private static void write(Endpoint sink, DataStream<String> json, Output output) {
        String uid = "sink-" + output.label();
        switch (sink.kind()) {
            case STDOUT ->
                    json.sinkTo(new PrintSink<>(output.label()))
                            .name("print " + output.label())
                            .uid(uid)
                            .setParallelism(1);
            case FILE -> {
                Path file = sink.path().resolve(output.fileName());
                json.sinkTo(new JsonLinesFileSink(file))
                        .name("write " + file)
                        .uid(uid)
                        .setParallelism(1)
                        .setMaxParallelism(1);
            }
            default -> throw new IllegalArgumentException("not a sink here: " + sink);
        }
    }
}
