package io.sensorflow.job.sink.readstore;

import static io.sensorflow.job.sink.readstore.ReadStoreTable.column;
import static io.sensorflow.job.sink.readstore.ReadStoreTable.nullable;

import io.sensorflow.api.Rule;
import io.sensorflow.job.config.ReadStoreSettings;
import io.sensorflow.job.sink.readstore.ReadStoreTable.Column;
import io.sensorflow.job.sink.readstore.ReadStoreTable.Type;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.concurrent.ExponentialBackoffRetryStrategy;
import org.apache.flink.util.concurrent.RetryStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read store's tables (their names and columns are a contract: README, "Query the read model"),
 * created when absent; existing ones are left as they are and checked, so that a table that would
 * refuse the job's writes is reported at start, by name, rather than at the first write.
 */
public final class ReadStoreSchema {
    private static final Logger LOG = LoggerFactory.getLogger(ReadStoreSchema.class);

    static final ReadStoreTable SENSOR_AVERAGES = averages("sensor_averages", "window_start");
    static final ReadStoreTable SENSOR_LATEST = averages("sensor_latest", null);

    /**
     * What both alert tables say of an alert, in this order (the sink writes these columns from one
     * place: {@code ReadStoreSink.alertDetail}).
     */
    static final List<Column> ALERT_DETAIL =
            List.of(
                    nullable("metric", Type.TEXT),
                    nullable("value", Type.DOUBLE),
                    nullable("threshold", Type.DOUBLE),
                    nullable("window_start", Type.TIMESTAMPTZ),
                    nullable("window_end", Type.TIMESTAMPTZ),
                    nullable("consecutive_windows", Type.INT),
                    nullable("rules_version", Type.BIGINT));

    static final ReadStoreTable ALERTS_ACTIVE =
            new ReadStoreTable(
                    "alerts_active",
                    columns(
                            List.of(
                                    column("pipeline", Type.TEXT),
                                    column("rule", Type.TEXT),
                                    column("sensor_id", Type.TEXT)),
                            ALERT_DETAIL,
                            List.of(nullable("alert_id", Type.TEXT))),
                    List.of("pipeline", "rule", "sensor_id"));

    static final ReadStoreTable ALERT_HISTORY =
            new ReadStoreTable(
                    "alert_history",
                    columns(
                            List.of(
                                    column("alert_id", Type.TEXT),
                                    nullable("pipeline", Type.TEXT),
                                    nullable("status", Type.TEXT),
                                    nullable("rule", Type.TEXT),
                                    nullable("sensor_id", Type.TEXT)),
                            ALERT_DETAIL),
                    List.of("alert_id"));

    static final List<ReadStoreTable> TABLES =
            List.of(SENSOR_AVERAGES, SENSOR_LATEST, ALERTS_ACTIVE, ALERT_HISTORY);

    private ReadStoreSchema() {}

    /** The read store cannot take the job's writes: unreachable, or its tables differ. */
    public static final class Unusable extends IllegalStateException {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @SafeVarargs
    private static List<Column> columns(List<Column>... parts) {
        List<Column> all = new ArrayList<>();
        for (List<Column> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }

    /** The averages' columns, keyed by sensor and, for the history, window. */
    private static ReadStoreTable averages(String name, String windowKey) {
        List<String> key = new ArrayList<>(List.of("pipeline", "sensor_id"));
        if (windowKey != null) {
            key.add(windowKey);
        }
        return new ReadStoreTable(
                name,
                List.of(
                        column("pipeline", Type.TEXT),
                        column("sensor_id", Type.TEXT),
                        column("window_start", Type.TIMESTAMPTZ),
                        column("window_end", Type.TIMESTAMPTZ),
                        nullable("avg_temperature", Type.DOUBLE),
                        nullable("avg_humidity", Type.DOUBLE),
                        column("temperature_readings", Type.BIGINT),
                        column("humidity_readings", Type.BIGINT)),
                List.copyOf(key));
    }

    /**
     * Creates the absent tables and checks the others, trying again while the database cannot be
     * reached, for up to {@code patience}.
     *
     * @throws Unusable when a table differs from the contract, or the database stayed out of reach
     */
    public static void prepare(ReadStoreSettings store, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        RetryStrategy retry =
                new ExponentialBackoffRetryStrategy(
                        Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try (Connection c = connect(store)) {
                createAndCheck(c);
                return;
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw refused(store, e);
                }
                if (System.nanoTime() + retry.getRetryDelay().toNanos() >= deadline) {
                    throw new Unusable(
                            "read store " + store.url() + " unreachable: " + e.getMessage(), e);
                }
                LOG.warn(
                        "Read store {} not reachable yet ({}); trying again in {} ms",
                        store.url(),
                        e.getMessage(),
                        retry.getRetryDelay().toMillis());
                sleep(retry.getRetryDelay());
                retry = retry.getNextRetryStrategy();
            }
        }
    }

    /**
     * Deletes this pipeline's active alerts of rules it no longer has, or whose shape (metric,
     * direction, windows in a row) changed: an upgrade drops those rules' CEP state, so no RESOLVED
     * would ever come for them. A rule's direction is read off the row, whose value breached its
     * threshold.
     *
     * @return how many rows went
     */
    public static int forgetAlertsOfOtherRules(
            ReadStoreSettings store, String pipeline, List<Rule> rules) {
        try (Connection c = connect(store);
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT rule, sensor_id, metric, value, threshold,"
                                        + " consecutive_windows FROM alerts_active"
                                        + " WHERE pipeline = ?");
                PreparedStatement delete =
                        c.prepareStatement(
                                "DELETE FROM alerts_active"
                                        + " WHERE pipeline = ? AND rule = ? AND sensor_id = ?")) {
            q.setString(1, pipeline);
            int forgotten = 0;
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String rule = r.getString(1);
                    String metric = r.getString(3);
                    double value = r.getDouble(4);
                    double threshold = r.getDouble(5);
                    int windows = r.getInt(6);
                    boolean current =
                            rules.stream()
                                    .anyMatch(
                                            rl ->
                                                    rl.name().equals(rule)
                                                            && rl.metric().wireName().equals(metric)
                                                            && rl.consecutiveWindows() == windows
                                                            && rl.direction()
                                                                    .breaches(value, threshold));
                    if (!current) {
                        delete.setString(1, pipeline);
                        delete.setString(2, rule);
                        delete.setString(3, r.getString(2));
                        forgotten += delete.executeUpdate();
                    }
                }
            }
            if (forgotten > 0) {
                LOG.info(
                        "Read store: removed {} active alert(s) of rules the pipeline no longer"
                                + " has",
                        forgotten);
            }
            return forgotten;
        } catch (SQLException e) {
            throw refused(store, e);
        }
    }

    private static Unusable refused(ReadStoreSettings store, SQLException e) {
        return new Unusable("read store " + store.url() + " refused the job: " + e.getMessage(), e);
    }

    /**
     * Whether trying again may help: no connection (SQLState class 08), a server starting up
     * (57P03) or too many connections (53300). A wrong password or a missing privilege will not go
     * away by waiting.
     */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state == null
                || state.startsWith("08")
                || state.equals("57P03")
                || state.equals("53300");
    }

    static Connection connect(ReadStoreSettings store) throws SQLException {
        Properties login = new Properties();
        // a server that takes connections but does not answer must not hold the start up
        login.setProperty("connectTimeout", "10");
        login.setProperty("socketTimeout", "30");
        login.setProperty("loginTimeout", "10");
        if (store.username() != null) {
            login.setProperty("user", store.username());
            login.setProperty("password", store.password());
        }
        return DriverManager.getConnection(store.url(), login);
    }

    private static void createAndCheck(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (ReadStoreTable table : TABLES) {
            try (Statement s = c.createStatement()) {
                s.execute(table.createIfAbsent());
            }
            problems.addAll(check(c, table));
        }
        if (!problems.isEmpty()) {
            throw new Unusable(
                    "the read store's tables differ from what the job writes: "
                            + String.join("; ", problems)
                            + " (README, \"Query the read model\", has the expected DDL)",
                    null);
        }
    }

    /**
     * An existing column: its type as {@code information_schema} names it, whether it takes NULL,
     * and whether the database fills it in (a default, an identity or a generated column).
     */
    private record Found(String type, boolean nullable, boolean filledIn) {}

    /** What in the existing table would refuse the job's rows, in words. */
    static List<String> check(Connection c, ReadStoreTable table) throws SQLException {
        Map<String, Found> found = new LinkedHashMap<>();
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT column_name, data_type, is_nullable, column_default,"
                                + " is_identity, is_generated"
                                + " FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND table_name = ?"
                                + " ORDER BY ordinal_position")) {
            q.setString(1, table.name());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    found.put(
                            r.getString(1),
                            new Found(
                                    r.getString(2),
                                    "YES".equals(r.getString(3)),
                                    r.getString(4) != null
                                            || "YES".equals(r.getString(5))
                                            || "ALWAYS".equals(r.getString(6))));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Column col : table.columns()) {
            Found f = found.remove(col.name());
            if (f == null) {
                problems.add(table.name() + " has no column " + col.name());
            } else if (col.nullable() && !f.nullable()) {
                problems.add(
                        table.name()
                                + "."
                                + col.name()
                                + " is NOT NULL, but may be NULL (as for the average of a metric"
                                + " that a window had no reading of)");
            } else if (!f.type().equals(col.type().informationSchema)) {
                problems.add(
                        table.name()
                                + "."
                                + col.name()
                                + " is "
                                + f.type()
                                + ", expected "
                                + col.type().informationSchema);
            }
        }
        found.forEach(
                (name, f) -> {
                    if (!f.nullable() && !f.filledIn()) {
                        problems.add(
                                table.name()
                                        + "."
                                        + name
                                        + " is NOT NULL without a default, and the job does not"
                                        + " write it");
                    }
                });
        List<String> key = primaryKey(c, table.name());
        if (!key.equals(table.primaryKey())) {
            problems.add(
                    table.name()
                            + "'s primary key is "
                            + (key.isEmpty() ? "missing" : "(" + String.join(", ", key) + ")")
                            + ", expected ("
                            + String.join(", ", table.primaryKey())
                            + ")");
        }
        return problems;
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT k.column_name FROM information_schema.table_constraints t"
                                + " JOIN information_schema.key_column_usage k"
                                + " ON k.constraint_name = t.constraint_name"
                                + " AND k.table_schema = t.table_schema"
                                + " AND k.table_name = t.table_name"
                                + " WHERE t.table_schema = current_schema() AND t.table_name = ?"
                                + " AND t.constraint_type = 'PRIMARY KEY'"
                                + " ORDER BY k.ordinal_position")) {
            q.setString(1, table);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    key.add(r.getString(1));
                }
            }
        }
        return key;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read store", e);
        }
    }
}
