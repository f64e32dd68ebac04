package io.sensorflow.job.query;

import static org.apache.flink.table.api.Expressions.$;

import io.sensorflow.job.model.Metric;
import io.sensorflow.job.model.Reading;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The command side: valid, on-time readings become the tables {@code temperature_readings} and
 * {@code humidity_readings}, each {@code (sensorId STRING, value DOUBLE, ts TIMESTAMP_LTZ(3))} with
 * {@code ts} the event-time attribute and the stream's own watermarks.
 */
public final class SensorTables {
    public static final String TEMPERATURE = "temperature_readings";
    public static final String HUMIDITY = "humidity_readings";

    private SensorTables() {}

    public static void register(StreamTableEnvironment tables, DataStream<Reading> readings) {
        tables.createTemporaryView(TEMPERATURE, table(tables, readings, Metric.TEMPERATURE));
        tables.createTemporaryView(HUMIDITY, table(tables, readings, Metric.HUMIDITY));
    }

    public static String tableName(Metric metric) {
        return metric == Metric.TEMPERATURE ? TEMPERATURE : HUMIDITY;
    }

    private static Table table(
            StreamTableEnvironment tables, DataStream<Reading> readings, Metric metric) {
        DataStream<Reading> ofMetric =
                readings.filter(r -> r.metric == metric).name(metric.wireName() + " readings");
        Schema schema =
                Schema.newBuilder()
                        .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                        .watermark("ts", "SOURCE_WATERMARK()")
                        .build();
        return tables.fromDataStream(ofMetric, schema).select($("sensorId"), $("value"), $("ts"));
    }
}
