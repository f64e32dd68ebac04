package io.sensorflow.job.source;

import io.sensorflow.api.Metric;
import io.sensorflow.job.config.Endpoint;
import io.sensorflow.job.config.KafkaSettings;
import io.sensorflow.job.config.PipelineSettings;
import io.sensorflow.job.model.ParsedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The parsed records of the chosen source, with event time and watermarks assigned in the source
 * itself (per split: per Kafka partition, per file).
 */
public final class ReadingSources {
    private ReadingSources() {}

    /**
     * @param kafka where the Kafka topics are, for {@code --source kafka}
     * @param sensors {@code rate} and {@code backfill} configure the generator
     */
    public static DataStream<ParsedRecord> create(
            StreamExecutionEnvironment env,
            Endpoint source,
            PipelineSettings settings,
            KafkaSettings kafka,
            int sensors,
            double rate,
            Duration backfill) {
        WatermarkStrategy<ParsedRecord> eventTime =
                ReadingWatermarks.strategy(
                        settings.maxOutOfOrderness(),
                        settings.idleTimeout(),
                        source.kind() == Endpoint.Kind.FILE);
        return switch (source.kind()) {
            case GENERATOR -> {
                SensorSimulator simulator =
                        new SensorSimulator(sensors, rate, backfill, settings.maxOutOfOrderness());
                yield env.fromSource(
                                new DataGeneratorSource<>(
                                        simulator,
                                        Long.MAX_VALUE,
                                        simulator, // and its pace
                                        TypeInformation.of(ParsedRecord.class)),
                                eventTime,
                                "simulated sensors")
                        .uid("source-generator");
            }
            case FILE ->
                    env.fromSource(
                                    FileSource.forRecordStreamFormat(
                                                    new JsonLinesFormat(source.path().toString()),
                                                    new Path(source.path().toUri()))
                                            .build(),
                                    eventTime,
                                    "readings from " + source.path())
                            // one file is one split: a second reader would only hold time back
                            .setParallelism(1)
                            .uid("source-file");
            case KAFKA ->
                    kafka(env, kafka, Metric.TEMPERATURE, eventTime)
                            .union(kafka(env, kafka, Metric.HUMIDITY, eventTime));
            default -> throw new IllegalArgumentException("not a source: " + source);
        };
    }

    private static DataStream<ParsedRecord> kafka(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            Metric metric,
            WatermarkStrategy<ParsedRecord> eventTime) {
        return env.fromSource(
                        KafkaRecordSource.of(kafka, metric),
                        eventTime,
                        "kafka " + kafka.readingsTopic(metric))
                .uid("source-kafka-" + metric.wireName());
    }
}
