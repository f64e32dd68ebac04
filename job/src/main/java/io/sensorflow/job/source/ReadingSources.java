package io.sensorflow.job.source;

import io.sensorflow.job.config.Endpoint;
import io.sensorflow.job.model.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The raw records of the chosen source. Event time is assigned after parsing, so every source here
 * emits without watermarks.
 */
public final class ReadingSources {
    private ReadingSources() {}

    public static DataStream<RawRecord> create(
            StreamExecutionEnvironment env, Endpoint source, int sensors, double rate) {
        return switch (source.kind()) {
            case GENERATOR ->
                    env.fromSource(
                                    new DataGeneratorSource<>(
                                            new SensorSimulator(sensors),
                                            Long.MAX_VALUE,
                                            RateLimiterStrategy.perSecond(rate),
                                            TypeInformation.of(RawRecord.class)),
                                    WatermarkStrategy.noWatermarks(),
                                    "simulated sensors")
                            .uid("source-generator");
            case FILE ->
                    env.fromSource(
                                    FileSource.forRecordStreamFormat(
                                                    new JsonLinesFormat(source.path().toString()),
                                                    new Path(source.path().toUri()))
                                            .build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "readings from " + source.path())
                            .uid("source-file");
            default -> throw new IllegalArgumentException("not a source here: " + source);
        };
    }
}
