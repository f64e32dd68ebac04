package io.sensorflow.job.query;

import io.sensorflow.api.Metric;
import io.sensorflow.job.model.Reading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The command side: valid, on-time readings become the tables {@code temperature_readings} and
 * {@code humidity_readings}, each {@code (sensorId STRING, value DOUBLE, ts TIMESTAMP_LTZ(3))} with
 * {@code ts} the event-time attribute and the stream's own watermarks.
 */
public final class SensorTables {
    private static final TypeInformation<Row> COLUMNS =
            Types.ROW_NAMED(new String[] {"sensorId", "value"}, Types.STRING, Types.DOUBLE);

    public static final String TEMPERATURE = "temperature_readings";
    public static final String HUMIDITY = "humidity_readings";

    private SensorTables() {}

    public static void register(StreamTableEnvironment tables, DataStream<Reading> readings) {
        tables.createTemporaryView(TEMPERATURE, table(tables, readings, Metric.TEMPERATURE));
        tables.createTemporaryView(HUMIDITY, table(tables, readings, Metric.HUMIDITY));
    }

    /**
     * Only the two columns cross into the table: converting the whole reading (its original text
     * included) into the planner's internal rows would cost more than the query itself.
     */
    private static Table table(
            StreamTableEnvironment tables, DataStream<Reading> readings, Metric metric) {
        // at the readings' parallelism, chained to them: only the two columns go further
        int parallelism = readings.getParallelism();
        DataStream<Row> ofMetric =
                readings.filter(r -> r.metric == metric)
                        .setParallelism(parallelism)
                        .name(metric.wireName() + " only")
                        .uid(metric.wireName() + "-only")
                        .map(r -> Row.of(r.sensorId, r.value))
                        .setParallelism(parallelism)
                        .returns(COLUMNS)
                        .name(metric.wireName() + " readings")
                        .uid(metric.wireName() + "-readings");
        Schema schema =
                Schema.newBuilder()
                        .column("sensorId", DataTypes.STRING())
                        .column("value", DataTypes.DOUBLE())
                        .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                        .watermark("ts", "SOURCE_WATERMARK()")
                        .build();
        return tables.fromDataStream(ofMetric, schema);
    }
}
