package io.sensorflow.job.sink.readstore;

import io.sensorflow.job.config.ReadStoreSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Writes the read model into the read store through Flink's JDBC connector, as Table API upsert
 * sinks over tables with primary keys: every write is an upsert or a delete by key, so writing a
 * row again (after a restore replays what followed the last checkpoint) changes nothing. The
 * connector flushes its buffer at every checkpoint, every second and every 500 rows; a failed flush
 * is retried, then fails the task, which restarts from the last checkpoint and writes again.
 *
 * <ul>
 *   <li>{@code sensor_averages}: every aggregate, by pipeline, sensor and window start;
 *   <li>{@code sensor_latest}: each sensor's aggregates in window order, so the last one stays;
 *   <li>{@code alerts_active}: FIRING upserts the rule's row for the sensor, RESOLVED deletes it;
 *   <li>{@code alert_history}: every alert record, by alert id.
 * </ul>
 */
public final class ReadStoreSink {
    private ReadStoreSink() {}

    public static void attach(
            StreamTableEnvironment tables,
            String pipeline,
            ReadStoreSettings store,
            DataStream<Aggregate> averages,
            DataStream<Alert> alerts) {
        // Rows of one key must reach the database in the order they were made: always route
        // them by key to one sink instance, and no materializing state in between (the sink's
        // own materializer is off; ReadStoreSinkTest checks the plan has no other state).
        tables.getConfig()
                .set(
                        ExecutionConfigOptions.TABLE_EXEC_SINK_KEYED_SHUFFLE,
                        ExecutionConfigOptions.SinkKeyedShuffle.FORCE);
        tables.getConfig()
                .set(
                        ExecutionConfigOptions.TABLE_EXEC_SINK_UPSERT_MATERIALIZE,
                        ExecutionConfigOptions.UpsertMaterialize.NONE);
        for (ReadStoreTable table : ReadStoreSchema.TABLES) {
            tables.executeSql(flinkTable(table, store));
        }
        Table aggregates = aggregates(tables, pipeline, averages);
        StreamStatementSet writes = tables.createStatementSet();
        writes.add(aggregates.insertInto(flinkName(ReadStoreSchema.SENSOR_AVERAGES)));
        writes.add(aggregates.insertInto(flinkName(ReadStoreSchema.SENSOR_LATEST)));
        writes.add(
                activeAlerts(tables, pipeline, alerts)
                        .insertInto(flinkName(ReadStoreSchema.ALERTS_ACTIVE)));
        writes.add(
                alertHistory(tables, pipeline, alerts)
                        .insertInto(flinkName(ReadStoreSchema.ALERT_HISTORY)));
        writes.attachAsDataStream();
    }

    /** An instant as the TIMESTAMPTZ columns take it: ISO-8601 in UTC. */
    static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static String flinkName(ReadStoreTable table) {
        return "read_store_" + table.name();
    }

    private static String flinkTable(ReadStoreTable table, ReadStoreSettings store) {
        Map<String, String> options =
                new java.util.LinkedHashMap<>(
                        Map.of(
                                "connector", "jdbc",
                                "url", connectorUrl(store.url()),
                                "table-name", table.name(),
                                "sink.buffer-flush.max-rows", "500",
                                "sink.buffer-flush.interval", "1s",
                                "sink.max-retries", "5"));
        if (store.username() != null) {
            options.put("username", store.username());
            options.put("password", store.password());
        }
        return "CREATE TEMPORARY TABLE "
                + flinkName(table)
                + " ("
                + table.flinkColumns()
                + ") WITH ("
                + options.entrySet().stream()
                        .map(e -> quote(e.getKey()) + " = " + quote(e.getValue()))
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /**
     * The URL with {@code stringtype=unspecified}, so that the driver sends text parameters untyped
     * and the server reads each as its column's type: instants, written as ISO-8601 text with their
     * zone, become TIMESTAMPTZ values whatever the time zones of the JVM and the session.
     */
    static String connectorUrl(String url) {
        return url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static Table aggregates(
            StreamTableEnvironment tables, String pipeline, DataStream<Aggregate> averages) {
        TypeInformation<Row> type =
                Types.ROW_NAMED(
                        new String[] {
                            "pipeline",
                            "sensor_id",
                            "window_start",
                            "window_end",
                            "avg_temperature",
                            "avg_humidity",
                            "temperature_readings",
                            "humidity_readings"
                        },
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.DOUBLE,
                        Types.DOUBLE,
                        Types.LONG,
                        Types.LONG);
        DataStream<Row> rows =
                averages.map(
                                a ->
                                        Row.of(
                                                pipeline,
                                                a.sensorId,
                                                instant(a.windowStart),
                                                instant(a.windowEnd),
                                                a.avgTemperature,
                                                a.avgHumidity,
                                                a.temperatureReadings,
                                                a.humidityReadings))
                        .returns(type)
                        .name("read store averages")
                        .uid("read-store-averages");
        return tables.fromDataStream(
                rows,
                Schema.newBuilder()
                        .column("pipeline", DataTypes.STRING().notNull())
                        .column("sensor_id", DataTypes.STRING().notNull())
                        .column("window_start", DataTypes.STRING().notNull())
                        .column("window_end", DataTypes.STRING().notNull())
                        .column("avg_temperature", DataTypes.DOUBLE())
                        .column("avg_humidity", DataTypes.DOUBLE())
                        .column("temperature_readings", DataTypes.BIGINT().notNull())
                        .column("humidity_readings", DataTypes.BIGINT().notNull())
                        .build());
    }

    private static final String[] ACTIVE_COLUMNS = {
        "pipeline",
        "rule",
        "sensor_id",
        "metric",
        "value",
        "threshold",
        "window_start",
        "window_end",
        "consecutive_windows",
        "rules_version",
        "alert_id"
    };

    /**
     * A FIRING alert inserts its rule's row for the sensor, a RESOLVED one deletes it; the sink
     * writes both by the table's key (an insert as an upsert). Deliberately not an upsert
     * changelog: the planner would put a stateful ChangelogNormalize before the sink, without a uid
     * of ours, and after an upgrade that moved it, it would drop the deletes of alerts that fired
     * before, leaving their rows behind for good.
     */
    private static final ChangelogMode INSERTS_AND_DELETES =
            ChangelogMode.newBuilder()
                    .addContainedKind(RowKind.INSERT)
                    .addContainedKind(RowKind.DELETE)
                    .build();

    /** FIRING as an insert of the rule's row for the sensor, RESOLVED as its delete. */
    private static Table activeAlerts(
            StreamTableEnvironment tables, String pipeline, DataStream<Alert> alerts) {
        TypeInformation<Row> type =
                Types.ROW_NAMED(
                        ACTIVE_COLUMNS,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.DOUBLE,
                        Types.DOUBLE,
                        Types.STRING,
                        Types.STRING,
                        Types.INT,
                        Types.LONG,
                        Types.STRING);
        DataStream<Row> changes =
                alerts.map(
                                a -> {
                                    Row row =
                                            Row.withNames(
                                                    a.status == AlertStatus.FIRING
                                                            ? RowKind.INSERT
                                                            : RowKind.DELETE);
                                    row.setField("pipeline", pipeline);
                                    row.setField("rule", a.rule);
                                    row.setField("sensor_id", a.sensorId);
                                    row.setField("metric", a.metric.wireName());
                                    row.setField("value", a.value);
                                    row.setField("threshold", a.threshold);
                                    row.setField("window_start", instant(a.windowStart));
                                    row.setField("window_end", instant(a.windowEnd));
                                    row.setField("consecutive_windows", a.consecutiveWindows);
                                    row.setField("rules_version", a.rulesVersion);
                                    row.setField("alert_id", a.alertId);
                                    return row;
                                })
                        .returns(type)
                        .name("read store active alerts")
                        .uid("read-store-active-alerts");
        return tables.fromChangelogStream(
                changes,
                Schema.newBuilder()
                        .column("pipeline", DataTypes.STRING().notNull())
                        .column("rule", DataTypes.STRING().notNull())
                        .column("sensor_id", DataTypes.STRING().notNull())
                        .column("metric", DataTypes.STRING())
                        .column("value", DataTypes.DOUBLE())
                        .column("threshold", DataTypes.DOUBLE())
                        .column("window_start", DataTypes.STRING())
                        .column("window_end", DataTypes.STRING())
                        .column("consecutive_windows", DataTypes.INT())
                        .column("rules_version", DataTypes.BIGINT())
                        .column("alert_id", DataTypes.STRING())
                        .build(),
                INSERTS_AND_DELETES);
    }

    private static Table alertHistory(
            StreamTableEnvironment tables, String pipeline, DataStream<Alert> alerts) {
        TypeInformation<Row> type =
                Types.ROW_NAMED(
                        new String[] {
                            "alert_id",
                            "pipeline",
                            "status",
                            "rule",
                            "sensor_id",
                            "metric",
                            "value",
                            "threshold",
                            "window_start",
                            "window_end",
                            "consecutive_windows",
                            "rules_version"
                        },
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.DOUBLE,
                        Types.DOUBLE,
                        Types.STRING,
                        Types.STRING,
                        Types.INT,
                        Types.LONG);
        DataStream<Row> rows =
                alerts.map(
                                a ->
                                        Row.of(
                                                a.alertId,
                                                pipeline,
                                                a.status.name(),
                                                a.rule,
                                                a.sensorId,
                                                a.metric.wireName(),
                                                a.value,
                                                a.threshold,
                                                instant(a.windowStart),
                                                instant(a.windowEnd),
                                                a.consecutiveWindows,
                                                a.rulesVersion))
                        .returns(type)
                        .name("read store alert history")
                        .uid("read-store-alert-history");
        return tables.fromDataStream(
                rows,
                Schema.newBuilder()
                        .column("alert_id", DataTypes.STRING().notNull())
                        .column("pipeline", DataTypes.STRING())
                        .column("status", DataTypes.STRING())
                        .column("rule", DataTypes.STRING())
                        .column("sensor_id", DataTypes.STRING())
                        .column("metric", DataTypes.STRING())
                        .column("value", DataTypes.DOUBLE())
                        .column("threshold", DataTypes.DOUBLE())
                        .column("window_start", DataTypes.STRING())
                        .column("window_end", DataTypes.STRING())
                        .column("consecutive_windows", DataTypes.INT())
                        .column("rules_version", DataTypes.BIGINT())
                        .build());
    }
}
