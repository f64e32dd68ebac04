package io.sensorflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorflow.api.Rule;
import io.sensorflow.api.RulesJson;
import io.sensorflow.job.config.JobOptions;
import io.sensorflow.job.config.ReadStoreSettings;
import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.sink.readstore.ReadStoreSchema;
import io.sensorflow.job.source.SimulatedReadings;
import io.sensorflow.job.testing.Clusters;
import io.sensorflow.job.testing.FailAfterFlushes;
import io.sensorflow.job.testing.JsonLines;
import io.sensorflow.job.testing.Postgres;
import io.sensorflow.job.testing.SlowStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read store in a real PostgreSQL: the golden replay leaves exactly the golden read model in
 * its four tables, and a table that would refuse the job's rows stops the job before it starts.
 */
class ReadStoreTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = Clusters.miniCluster();

    static Postgres postgres;

    @TempDir static Path WORK;
    static Path READINGS;
    static String referenceUrl;
    static String goldenUrl;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = Postgres.start();
        READINGS = WORK.resolve("readings.jsonl");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    @Timeout(180)
    void theGoldenReplayLeavesTheGoldenReadModel() throws Exception {
        String url = golden();

        List<JsonNode> averages = JsonLines.read(GoldenReplayTest.GOLDEN.resolve("averages.jsonl"));
        List<JsonNode> alerts = JsonLines.read(GoldenReplayTest.GOLDEN.resolve("alerts.jsonl"));

        assertThat(averages(url, "sensor_averages")).containsExactlyInAnyOrderElementsOf(averages);
        assertThat(averages(url, "sensor_latest"))
                .containsExactlyInAnyOrderElementsOf(lastBy(averages, a -> text(a, "sensorId")));
        assertThat(alerts(url, "alert_history")).containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(alerts(url, "alerts_active"))
                .containsExactlyInAnyOrderElementsOf(
                        lastBy(alerts, a -> text(a, "rule") + "/" + text(a, "sensorId")).stream()
                                .filter(a -> text(a, "status").equals("FIRING"))
                                .toList());
        assertThat(alerts(url, "alerts_active")).isNotEmpty(); // else the line above tests little
        for (String table :
                List.of("sensor_averages", "sensor_latest", "alerts_active", "alert_history")) {
            assertThat(Postgres.rows(url, "SELECT DISTINCT pipeline FROM " + table))
                    .containsExactly(Map.of("pipeline", "golden"));
        }
    }

    /**
     * Every panel of the shipped Grafana dashboard, and its pipeline variable, returns rows from
     * the golden read model (Grafana's macros replaced as its PostgreSQL data source expands them,
     * over the day of the golden readings).
     */
    @Test
    @Timeout(180)
    void everyDashboardPanelFindsRows() throws Exception {
        String url = golden();
        JsonNode dashboard =
                JsonLines.JSON.readTree(
                        Files.readString(
                                Path.of("..", "helm", "sensorflow", "dashboards")
                                        .resolve("sensorflow-read-model.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.has("query") && variable.path("type").asText().equals("query")) {
                queries.add(variable.get("query").asText());
            }
        }
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.get("rawSql").asText());
            }
        }
        assertThat(queries).hasSize(6);
        for (String sql : queries) {
            assertThat(Postgres.rows(url, expandGrafanaMacros(sql))).as(sql).isNotEmpty();
        }
    }

    static String expandGrafanaMacros(String sql) {
        return sql.replace("$pipeline", "golden")
                .replaceAll(
                        "\\$__timeFilter\\(([a-z_]+)\\)",
                        "$1 BETWEEN '2026-11-24T00:00:00Z' AND '2026-11-25T00:00:00Z'")
                .replaceAll(
                        "\\$__timeGroupAlias\\(([a-z_]+), '10m'\\)",
                        "floor(extract(epoch from $1)/600)*600 AS \"time\"");
    }

    /**
     * The golden replay's read model, made once for the class: written while the JVM's default time
     * zone is far from UTC, since the instants must not depend on it (the connector's TIMESTAMP
     * would).
     */
    private static synchronized String golden() throws Exception {
        if (goldenUrl == null) {
            String url = postgres.newDatabase();
            TimeZone zone = TimeZone.getDefault();
            int status;
            try {
                TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
                status =
                        run(
                                Files.createTempDirectory(WORK, "golden"),
                                url,
                                "--parallelism",
                                "2",
                                "--checkpoint-interval",
                                "200ms");
            } finally {
                TimeZone.setDefault(zone);
            }
            assertThat(status).isZero();
            goldenUrl = url;
        }
        return goldenUrl;
    }

    /**
     * A task fails seconds after a checkpoint, when the sinks have flushed more rows since: the job
     * restores and writes again what followed the checkpoint, over rows already there. Upserts and
     * deletes by key make that harmless; the four tables end exactly as after a run without the
     * failure.
     */
    @Test
    @Timeout(300)
    void aTaskFailureMidStreamLeavesTheSameTables(@TempDir Path dir) throws Exception {
        String reference = reference();
        String failed = postgres.newDatabase();
        FailAfterFlushes.reset(() -> count(failed, "sensor_averages"));
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        // checkpoints far apart, the sinks' flushes every second in between
        build(config, dir, failed, "4s", records -> FailAfterFlushes.after(records, 2_500))
                .execute("read store replay with a failure between checkpoints");
        assertThat(FailAfterFlushes.FAILED.get()).as("the failure was injected").isTrue();
        assertThat(FailAfterFlushes.ROWS_AT_FAILURE.get())
                .as("rows written after the checkpoint, written again after the restore")
                .isGreaterThan(FailAfterFlushes.ROWS_AT_CHECKPOINT.get());
        assertSameTables(failed, reference);
    }

    /**
     * The database goes away for two seconds in the middle of a run and comes back: the job waits
     * and writes again (in the sink's retries, or after restarting from its last checkpoint), and
     * the tables end as after a run without the outage.
     */
    @Test
    @Timeout(300)
    void aDatabaseRestartMidStreamLosesNothing(@TempDir Path dir) throws Exception {
        String reference = reference();
        String url = postgres.newDatabase();
        SlowStream.reset(() -> postgres.restart(Duration.ofSeconds(2)));
        replay(dir, url, records -> SlowStream.after(records, 4_000), false);
        assertThat(SlowStream.STARTED.get()).as("the database was restarted").isTrue();
        assertThat(SlowStream.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(SlowStream.failure()).as("the restart itself went well").isNull();
        assertSameTables(url, reference);
    }

    /**
     * Stopped with a savepoint in the middle of the replay, then resumed from it: the tables end as
     * after a run straight through.
     */
    @Test
    @Timeout(300)
    void aStopWithSavepointAndResumeLeavesTheSameTables(@TempDir Path dir) throws Exception {
        String reference = reference();
        String url = postgres.newDatabase();
        SlowStream.reset(() -> {});
        UnaryOperator<DataStream<ParsedRecord>> slow =
                records -> SlowStream.after(records, Integer.MAX_VALUE);
        JobClient first = environment(dir, url, null, slow).executeAsync("before the savepoint");
        await().atMost(Duration.ofSeconds(60)).until(() -> SlowStream.seen() >= 8_000);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        assertThat(SlowStream.seen()).as("stopped in the middle").isLessThan(20_000);
        assertThat(Postgres.dump(url, "sensor_averages"))
                .as("written before the savepoint")
                .isNotEmpty()
                .hasSizeLessThan(Postgres.dump(reference, "sensor_averages").size());

        environment(dir, url, savepoint, slow).execute("resumed from the savepoint");
        assertSameTables(url, reference);
    }

    /** The simulated replay's tables after a run without trouble, made once for the class. */
    private static synchronized String reference() throws Exception {
        if (referenceUrl == null) {
            Files.write(READINGS, SimulatedReadings.lines(8, 24_000));
            String url = postgres.newDatabase();
            replay(WORK.resolve("reference"), url, UnaryOperator.identity(), true);
            assertThat(Postgres.rows(url, "SELECT count(*) AS n FROM sensor_averages"))
                    .as("a replay large enough to fail in the middle of")
                    .allSatisfy(r -> assertThat((Long) r.get("n")).isGreaterThan(400));
            assertThat(Postgres.rows(url, "SELECT count(*) AS n FROM alerts_active"))
                    .allSatisfy(r -> assertThat((Long) r.get("n")).isPositive());
            referenceUrl = url;
        }
        return referenceUrl;
    }

    private static long count(String url, String table) {
        try {
            return (Long) Postgres.rows(url, "SELECT count(*) AS n FROM " + table).get(0).get("n");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSameTables(String actual, String expected) throws Exception {
        for (String table :
                List.of("sensor_averages", "sensor_latest", "alerts_active", "alert_history")) {
            assertThat(Postgres.dump(actual, table))
                    .as(table)
                    .isEqualTo(Postgres.dump(expected, table));
        }
    }

    /**
     * The simulated readings through the whole job into this database, with a step after the
     * sources; with {@code fewRestarts} the restart strategy gives up soon (a test of a failure the
     * job must survive on its own), else it is the job's default, which keeps trying.
     */
    private static void replay(
            Path out,
            String url,
            UnaryOperator<DataStream<ParsedRecord>> afterSources,
            boolean fewRestarts)
            throws Exception {
        Configuration config = new Configuration();
        if (fewRestarts) {
            Clusters.restartingThreeTimes(config);
        }
        build(config, out, url, "200ms", afterSources).execute("read store replay into " + url);
    }

    /** The simulated replay into this database, from a savepoint if one is given. */
    private static StreamExecutionEnvironment environment(
            Path out,
            String url,
            String savepoint,
            UnaryOperator<DataStream<ParsedRecord>> afterSources)
            throws Exception {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        }
        return build(config, out, url, "200ms", afterSources);
    }

    /**
     * The simulated readings through the whole job into this database, with a step after the
     * sources; the given restart strategy, or else the job's default, which keeps trying.
     */
    private static StreamExecutionEnvironment build(
            Configuration config,
            Path out,
            String url,
            String checkpointInterval,
            UnaryOperator<DataStream<ParsedRecord>> afterSources)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        List<String> args = new ArrayList<>(List.of(RecoveryAndParallelismTest.OPTIONS));
        args.addAll(
                List.of(
                        "--source",
                        "file:" + READINGS,
                        "--sink",
                        "file:" + out,
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "200ms",
                        "--read-store",
                        url,
                        "--read-store-credentials",
                        Postgres.credentialsFile(Files.createDirectories(out)).toString()));
        SensorFlowJob.build(env, JobOptions.parse(args.toArray(new String[0])), afterSources);
        return env;
    }

    @Test
    @Timeout(120)
    void aTableThatWouldRefuseTheRowsStopsTheJobBeforeItStarts(@TempDir Path dir) throws Exception {
        String url = postgres.newDatabase();
        Postgres.execute(
                url,
                "CREATE TABLE sensor_latest (id BIGINT GENERATED ALWAYS AS IDENTITY,"
                        + " pipeline TEXT, sensor_id TEXT, window_start TEXT,"
                        + " avg_humidity DOUBLE PRECISION NOT NULL,"
                        + " PRIMARY KEY (pipeline, sensor_id))");
        CommandLineTest.Result r = runWithReadStore(dir, url);
        assertThat(r.status()).isEqualTo(SensorFlowJob.FAILURE);
        assertThat(r.err())
                .contains("sensor_latest.window_start is text, expected timestamp with time zone")
                .contains("sensor_latest has no column avg_temperature")
                .contains("sensor_latest.avg_humidity is NOT NULL")
                .doesNotContain("sensor_latest.id")
                .doesNotContain("Exception")
                .doesNotContain(Postgres.PASSWORD);
    }

    @Test
    void aReadStoreThatIsNotPostgresIsAUsageError(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(GoldenReplayTest.goldenArgs(dir));
        args.addAll(List.of("--read-store", "jdbc:mysql://db:3306/sensors"));
        CommandLineTest.Result r = CommandLineTest.run(args.toArray(new String[0]));
        assertThat(r.status()).isEqualTo(SensorFlowJob.USAGE_ERROR);
        assertThat(r.err()).contains("--read-store").contains("jdbc:postgresql://HOST:PORT/DB");
    }

    /**
     * Rows of rules the pipeline no longer has (or whose shape changed) would never see their
     * RESOLVED: the job removes them at start; other pipelines' rows stay.
     */
    @Test
    void activeAlertsOfRulesThatAreGoneAreForgottenAtStart() throws Exception {
        String url = postgres.newDatabase();
        ReadStoreSettings store = new ReadStoreSettings(url, Postgres.USER, Postgres.PASSWORD);
        ReadStoreSchema.prepare(store, Duration.ofSeconds(10));
        String insert =
                "INSERT INTO alerts_active (pipeline, rule, sensor_id, metric, value, threshold,"
                        + " consecutive_windows) VALUES ";
        Postgres.execute(
                url,
                insert
                        + "('golden', 'overheat', 's1', 'temperature', 31, 30, 1),"
                        + " ('golden', 'gone', 's1', 'temperature', 31, 30, 1),"
                        + " ('golden', 'too-dry', 's1', 'humidity', 31, 30, 1)," // was above
                        + " ('golden', 'sustained-heat', 's1', 'temperature', 31, 25, 3),"
                        + " ('other', 'gone', 's1', 'temperature', 31, 30, 1)");
        List<Rule> rules =
                RulesJson.parse(
                        Files.readString(GoldenReplayTest.GOLDEN.resolve("rules.json")), false);
        assertThat(ReadStoreSchema.forgetAlertsOfOtherRules(store, "golden", rules)).isEqualTo(3);
        assertThat(Postgres.dump(url, "alerts_active"))
                .hasSize(2)
                .anyMatch(r -> r.contains("pipeline=golden") && r.contains("rule=overheat"))
                .anyMatch(r -> r.contains("pipeline=other"));
    }

    @Test
    void credentialsWithoutAPasswordOrWithoutAStoreAreUsageErrors(@TempDir Path dir)
            throws Exception {
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("username"), "sensorflow\n");
        List<String> golden = GoldenReplayTest.goldenArgs(dir.resolve("out"));

        List<String> noPassword = new ArrayList<>(golden);
        noPassword.addAll(
                List.of(
                        "--read-store",
                        "jdbc:postgresql://db:5432/sensors",
                        "--read-store-credentials",
                        secret.toString()));
        assertUsageError(noPassword, "--read-store-credentials", "'password'");

        List<String> noStore = new ArrayList<>(golden);
        noStore.addAll(List.of("--read-store-credentials", secret.toString()));
        assertUsageError(noStore, "--read-store-credentials", "--read-store");
    }

    private static void assertUsageError(List<String> args, String... mentions) throws Exception {
        CommandLineTest.Result r = CommandLineTest.run(args.toArray(new String[0]));
        assertThat(r.status()).isEqualTo(SensorFlowJob.USAGE_ERROR);
        assertThat(r.err()).contains(mentions).doesNotContain("\tat ");
    }

    private static int run(Path dir, String url, String... more) throws Exception {
        CommandLineTest.Result r = runWithReadStore(dir, url, more);
        assertThat(r.err()).isEmpty();
        return r.status();
    }

    /** The golden replay into {@code dir/out} and this database, as the command line runs it. */
    private static CommandLineTest.Result runWithReadStore(Path dir, String url, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(GoldenReplayTest.goldenArgs(dir.resolve("out")));
        args.addAll(
                List.of(
                        "--read-store",
                        url,
                        "--read-store-credentials",
                        Postgres.credentialsFile(dir).toString()));
        args.addAll(List.of(more));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    /** The table's rows in the averages' JSON shape (README, "Records"). */
    private static List<JsonNode> averages(String url, String table) throws Exception {
        return records(
                url,
                "SELECT sensor_id AS \"sensorId\", window_start AS \"windowStart\","
                        + " window_end AS \"windowEnd\", avg_temperature AS \"avgTemperature\","
                        + " avg_humidity AS \"avgHumidity\","
                        + " temperature_readings AS \"temperatureReadings\","
                        + " humidity_readings AS \"humidityReadings\" FROM "
                        + table);
    }

    /** The table's rows in the alerts' JSON shape; {@code alerts_active} has no status column. */
    private static List<JsonNode> alerts(String url, String table) throws Exception {
        return records(
                url,
                "SELECT alert_id AS \"alertId\", "
                        + (table.equals("alerts_active") ? "'FIRING'" : "status")
                        + " AS status, rule, sensor_id AS \"sensorId\", metric, value, threshold,"
                        + " window_start AS \"windowStart\", window_end AS \"windowEnd\","
                        + " consecutive_windows AS \"consecutiveWindows\","
                        + " rules_version AS \"rulesVersion\" FROM "
                        + table);
    }

    /** Rows as JSON records, written and read back as the job's own JSON lines are. */
    private static List<JsonNode> records(String url, String sql) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (Map<String, Object> row : Postgres.rows(url, sql)) {
            Map<String, Object> shaped = new LinkedHashMap<>();
            row.forEach(
                    (k, v) ->
                            shaped.put(k, v instanceof Timestamp t ? t.toInstant().toString() : v));
            records.add(JsonLines.parse(JsonLines.JSON.writeValueAsString(shaped)));
        }
        return records;
    }

    /** For each key, the record with the latest window. */
    private static List<JsonNode> lastBy(
            List<JsonNode> records, java.util.function.Function<JsonNode, String> key) {
        return new ArrayList<>(
                records.stream()
                        .collect(
                                Collectors.toMap(
                                        key,
                                        r -> r,
                                        (a, b) ->
                                                Comparator.<JsonNode, String>comparing(
                                                                                r ->
                                                                                        text(
                                                                                                r,
                                                                                                "windowEnd"))
                                                                        .compare(a, b)
                                                                >= 0
                                                        ? a
                                                        : b))
                        .values());
    }

    private static String text(JsonNode record, String field) {
        return record.get(field).asText();
    }
}
