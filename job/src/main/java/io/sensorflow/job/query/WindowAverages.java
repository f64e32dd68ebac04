package io.sensorflow.job.query;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.lit;
import static org.apache.flink.table.api.Expressions.nullOf;

import io.sensorflow.api.Durations;
import io.sensorflow.job.model.Aggregate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.ApiExpression;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.Tumble;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The query side: a Table API tumbling-window query over both reading tables, one row per sensor
 * and window with the average and count of each metric. The two tables are unioned with the other
 * metric's column null, so one window operator sees both kinds and {@code AVG} and {@code COUNT}
 * skip the nulls: a window with readings of only one kind yields a null average and a zero count
 * for the other.
 *
 * <p>The session time zone is set to UTC so that windows align to the epoch, as the records' UTC
 * instants say.
 */
public final class WindowAverages {
    static final long MICROS = 1_000_000L;

    private WindowAverages() {}

    public static Table query(StreamTableEnvironment tables, Duration windowSize) {
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        Table temperatures =
                tables.from(SensorTables.TEMPERATURE)
                        .select(
                                $("sensorId"),
                                $("ts"),
                                micros($("value")).as("temperature"),
                                nullOf(DataTypes.BIGINT()).as("humidity"));
        Table humidities =
                tables.from(SensorTables.HUMIDITY)
                        .select(
                                $("sensorId"),
                                $("ts"),
                                nullOf(DataTypes.BIGINT()).as("temperature"),
                                micros($("value")).as("humidity"));
        return temperatures
                .unionAll(humidities)
                .window(Tumble.over(lit(windowSize.toMillis()).millis()).on($("ts")).as("w"))
                .groupBy($("sensorId"), $("w"))
                .select(
                        $("sensorId"),
                        $("w").start().as("windowStart"),
                        $("w").end().as("windowEnd"),
                        $("temperature").sum().as("temperatureMicros"),
                        $("humidity").sum().as("humidityMicros"),
                        $("temperature").count().as("temperatureReadings"),
                        $("humidity").count().as("humidityReadings"));
    }

    /**
     * A value in millionths of its unit, as a whole number. Sums of these are exact, so an average
     * does not depend on the order in which readings arrive (floating-point sums do), and a replay,
     * a restore or another parallelism gives the very same record.
     */
    private static ApiExpression micros(ApiExpression value) {
        return value.times(MICROS).round(0).cast(DataTypes.BIGINT());
    }

    /** The mean in the metric's unit: one correctly rounded division of exact numbers. */
    public static Double average(Long sumMicros, long count) {
        return count == 0 ? null : sumMicros / (count * (double) MICROS);
    }

    /** The query's rows as aggregate records. */
    public static DataStream<Aggregate> compute(
            StreamTableEnvironment tables, Duration windowSize) {
        DataStream<Row> rows = tables.toDataStream(query(tables, windowSize));
        QueryOperatorIds.assign(rows.getTransformation(), "window-" + Durations.format(windowSize));
        return rows.map(new ToAggregate()).name("aggregate records").uid("aggregate-records");
    }

    /** Converts rows and counts the aggregates that leave the query. */
    static final class ToAggregate extends RichMapFunction<Row, Aggregate> {
        private transient Counter aggregatesOut;

        @Override
        public void open(Configuration parameters) {
            aggregatesOut = getRuntimeContext().getMetricGroup().counter("aggregatesOut");
        }

        @Override
        public Aggregate map(Row row) {
            aggregatesOut.inc();
            long temperatureReadings = row.<Long>getFieldAs("temperatureReadings");
            long humidityReadings = row.<Long>getFieldAs("humidityReadings");
            return new Aggregate(
                    row.getFieldAs("sensorId"),
                    epochMillis(row.getFieldAs("windowStart")),
                    epochMillis(row.getFieldAs("windowEnd")),
                    WindowAverages.average(
                            row.getFieldAs("temperatureMicros"), temperatureReadings),
                    WindowAverages.average(row.getFieldAs("humidityMicros"), humidityReadings),
                    temperatureReadings,
                    humidityReadings);
        }

        private static long epochMillis(LocalDateTime utc) {
            return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }
}
