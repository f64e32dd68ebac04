package io.sensorflow.job.sink.readstore;

import io.sensorflow.job.config.ReadStoreSettings;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.AlertStatus;
import java.time.Instant;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
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
 * connector flushes its buffer at every checkpoint, every second and every 500 rows; a flush that
 * fails (the connector's own retries help only while its connection is up) fails the task, which
 * restarts from the last checkpoint and writes again.
 *
 * <ul>
 *   <li>{@code sensor_averages}: every aggregate, by pipeline, sensor and window start;
 *   <li>{@code sensor_latest}: each sensor's aggregates in window order, so the last one stays;
 *   <li>{@code alerts_active}: FIRING writes the rule's row for the sensor, RESOLVED deletes it;
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
            tables.createTemporaryTable(flinkName(table), writer(table, store));
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

    /** The table's writer: Flink's JDBC connector on the table's columns and key. */
    private static TableDescriptor writer(ReadStoreTable table, ReadStoreSettings store) {
        TableDescriptor.Builder writer =
                TableDescriptor.forConnector("jdbc")
                        .schema(table.keyedSchema())
                        .option("url", connectorUrl(store.url()))
                        .option("table-name", table.name())
                        .option("sink.buffer-flush.max-rows", "500")
                        .option("sink.buffer-flush.interval", "1s")
                        .option("sink.max-retries", "5");
        if (store.username() != null) {
            writer.option("username", store.username()).option("password", store.password());
        }
        return writer.build();
    }

    /**
     * The URL with {@code stringtype=unspecified}, so that the driver sends text parameters untyped
     * and the server reads each as its column's type: instants, written as ISO-8601 text with their
     * zone, become TIMESTAMPTZ values whatever the time zones of the JVM and the session.
     */
    static String connectorUrl(String url) {
        return url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }

    /** Aggregates as rows of {@code sensor_averages} (and {@code sensor_latest}, alike). */
    private static Table aggregates(
            StreamTableEnvironment tables, String pipeline, DataStream<Aggregate> averages) {
        ReadStoreTable table = ReadStoreSchema.SENSOR_AVERAGES;
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
                        .returns(table.rowType())
                        .name("read store averages")
                        .uid("read-store-averages");
        return tables.fromDataStream(rows, table.schema());
    }

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
        ReadStoreTable table = ReadStoreSchema.ALERTS_ACTIVE;
        DataStream<Row> changes =
                alerts.map(
                                a -> {
                                    Row row =
                                            Row.join(
                                                    Row.of(pipeline, a.rule, a.sensorId),
                                                    alertDetail(a),
                                                    Row.of(a.alertId));
                                    row.setKind(
                                            a.status == AlertStatus.FIRING
                                                    ? RowKind.INSERT
                                                    : RowKind.DELETE);
                                    return row;
                                })
                        .returns(table.rowType())
                        .name("read store active alerts")
                        .uid("read-store-active-alerts");
        return tables.fromChangelogStream(changes, table.schema(), INSERTS_AND_DELETES);
    }

    /** Every alert record as a row of {@code alert_history}. */
    private static Table alertHistory(
            StreamTableEnvironment tables, String pipeline, DataStream<Alert> alerts) {
        ReadStoreTable table = ReadStoreSchema.ALERT_HISTORY;
        DataStream<Row> rows =
                alerts.map(
                                a ->
                                        Row.join(
                                                Row.of(
                                                        a.alertId,
                                                        pipeline,
                                                        a.status.name(),
                                                        a.rule,
                                                        a.sensorId),
                                                alertDetail(a)))
                        .returns(table.rowType())
                        .name("read store alert history")
                        .uid("read-store-alert-history");
        return tables.fromDataStream(rows, table.schema());
    }

    /** An alert's values for the columns {@link ReadStoreSchema#ALERT_DETAIL}, in their order. */
    private static Row alertDetail(Alert a) {
        return Row.of(
                a.metric.wireName(),
                a.value,
                a.threshold,
                instant(a.windowStart),
                instant(a.windowEnd),
                a.consecutiveWindows,
                a.rulesVersion);
    }
}
