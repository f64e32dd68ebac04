package io.sensorflow.job.query;

import io.sensorflow.api.Durations;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.MetricNames;
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
 * The query side: tumbling-window table-valued functions over the two reading tables, one row per
 * sensor and window with the sum (in millionths) and count of each metric.
 *
 * <p>Each table is aggregated on its own window first; the two results are unioned, the other
 * metric's sum null and count zero, and aggregated again on the same window, so that a window with
 * readings of only one kind yields a null sum and a zero count for the other. The planner runs
 * every window TVF aggregation in two phases: a local one next to its input, which sums each
 * sensor's slice in memory, and a global one behind the exchange by sensor, which receives partial
 * sums (flushed as a slice closes, when the buffer fills, and at checkpoints). The first local
 * phase is chained to the readings, so no reading crosses an exchange on its way into the window (a
 * union of the two tables before the window would be one: the planner feeds a union through the
 * network; and the deprecated group-window API sent every reading across and updated state and a
 * timer per reading). The second aggregation sees one row per sensor, window and metric, and fires
 * on the same watermark as the first. It relies on its input never being reported idle while a
 * local phase holds sums (see {@code LateReadingFilter}): this cascade lost its last windows when
 * an idle status could overtake them.
 *
 * <p>The session time zone is set to UTC so that windows align to the epoch, as the records' UTC
 * instants say.
 */
public final class WindowAverages {
    static final long MICROS = 1_000_000L;

    /** Both tables' window sums and counts, one row per sensor, window and metric. */
    static final String PER_METRIC = "window_sums_per_metric";

    private WindowAverages() {}

    public static Table query(StreamTableEnvironment tables, Duration windowSize) {
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        tables.createTemporarySystemFunction(Micros.NAME, Micros.class);
        String window = interval(windowSize);
        String temperature = windowSums(SensorTables.TEMPERATURE, true, window);
        String humidity = windowSums(SensorTables.HUMIDITY, false, window);
        tables.createTemporaryView(
                PER_METRIC, tables.sqlQuery(temperature).unionAll(tables.sqlQuery(humidity)));
        return tables.sqlQuery(
                "SELECT sensorId, window_start AS windowStart, window_end AS windowEnd,"
                        + " SUM(temperatureMicros) AS temperatureMicros,"
                        + " SUM(humidityMicros) AS humidityMicros,"
                        + " SUM(temperatureReadings) AS temperatureReadings,"
                        + " SUM(humidityReadings) AS humidityReadings"
                        + " FROM TABLE(TUMBLE(TABLE "
                        + PER_METRIC
                        + ", DESCRIPTOR(ts), "
                        + window
                        + ")) GROUP BY sensorId, window_start, window_end");
    }

    /**
     * One table's window sums and counts in its metric's columns, the other metric's null and zero;
     * the columns in one order for both, since a union pairs them by position.
     */
    private static String windowSums(String table, boolean temperature, String window) {
        String sum = "SUM(" + Micros.NAME + "(`value`))";
        String none = "CAST(NULL AS BIGINT)";
        String zero = "CAST(0 AS BIGINT)";
        return "SELECT sensorId, window_time AS ts, "
                + (temperature ? sum : none)
                + " AS temperatureMicros, "
                + (temperature ? none : sum)
                + " AS humidityMicros, "
                + (temperature ? "COUNT(*)" : zero)
                + " AS temperatureReadings, "
                + (temperature ? zero : "COUNT(*)")
                + " AS humidityReadings FROM TABLE(TUMBLE(TABLE "
                + table
                + ", DESCRIPTOR(ts), "
                + window
                + ")) GROUP BY sensorId, window_start, window_end, window_time";
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
            aggregatesOut =
                    getRuntimeContext().getMetricGroup().counter(MetricNames.AGGREGATES_OUT);
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
