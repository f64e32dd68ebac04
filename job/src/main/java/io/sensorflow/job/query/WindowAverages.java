package io.sensorflow.job.query;

import io.sensorflow.api.Durations;
import io.sensorflow.job.model.Aggregate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The query side: a tumbling-window table-valued function over both reading tables, one row per
 * sensor and window with the sum (in millionths) and count of each metric. The two tables are
 * unioned with the other metric's column null, so one window aggregation sees both kinds and {@code
 * SUM} and {@code COUNT} skip the nulls: a window with readings of only one kind yields a null sum
 * and a zero count for the other.
 *
 * <p>The planner runs a window TVF aggregation in two phases: a local aggregation next to the
 * readings, which sums each sensor's slice in memory, and a global one behind the exchange by
 * sensor, which receives one partial sum per sensor, slice and upstream task instead of every
 * reading. (The deprecated group-window API sent every reading across that exchange and updated
 * state and a timer per reading.) The union feeds the local aggregation through a pointwise
 * exchange. Aggregating each table on its own and the two results again (a cascaded window) would
 * avoid it, but its final windows were seen never to fire once all sources but one had gone idle.
 *
 * <p>The session time zone is set to UTC so that windows align to the epoch, as the records' UTC
 * instants say.
 */
public final class WindowAverages {
    static final long MICROS = 1_000_000L;

    /** Both tables as one, each value in millionths in its metric's column. */
    static final String READINGS = "sensor_readings";

    private WindowAverages() {}

    public static Table query(StreamTableEnvironment tables, Duration windowSize) {
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        tables.createTemporarySystemFunction(Micros.NAME, Micros.class);
        tables.createTemporaryView(
                READINGS,
                tables.sqlQuery(
                        "SELECT sensorId, ts, "
                                + Micros.NAME
                                + "(`value`) AS temperature, CAST(NULL AS BIGINT) AS humidity FROM "
                                + SensorTables.TEMPERATURE
                                + " UNION ALL SELECT sensorId, ts, CAST(NULL AS BIGINT) AS temperature, "
                                + Micros.NAME
                                + "(`value`) AS humidity FROM "
                                + SensorTables.HUMIDITY));
        return tables.sqlQuery(
                "SELECT sensorId, window_start AS windowStart, window_end AS windowEnd,"
                        + " SUM(temperature) AS temperatureMicros, SUM(humidity) AS humidityMicros,"
                        + " COUNT(temperature) AS temperatureReadings,"
                        + " COUNT(humidity) AS humidityReadings"
                        + " FROM TABLE(TUMBLE(TABLE "
                        + READINGS
                        + ", DESCRIPTOR(ts), "
                        + interval(windowSize)
                        + ")) GROUP BY sensorId, window_start, window_end");
    }

    /** A SQL interval literal of this duration, to the millisecond (up to 99 days). */
    static String interval(Duration d) {
        long ms = d.toMillis();
        return String.format(
                Locale.ROOT,
                "INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)",
                ms / 86_400_000,
                ms / 3_600_000 % 24,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                ms % 1000);
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
