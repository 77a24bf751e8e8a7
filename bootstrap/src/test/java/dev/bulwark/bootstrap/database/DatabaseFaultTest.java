package dev.bulwark.bootstrap.database;

import static dev.bulwark.bootstrap.database.DatabaseServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthReport;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.postgres.PostgresDatabases;
import dev.bulwark.postgres.PostgresServer;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The database failing under a running server, on a real PostgreSQL of its own: stopped and restarted, its pooled
 * backends killed, its pool exhausted. Every wait here is bounded, and generous; how long a call took is never
 * measured: what it answered and what the breaker and the probes say show which path it took.
 */
class DatabaseFaultTest {

    private PostgresServer postgres;
    private JdbcDatabase database;
    private DatabaseServer server;

    @BeforeEach
    void start() {
        postgres = PostgresServer.start();
        database = PostgresDatabases.open(postgres, 2);
        server = new DatabaseServer(database, true);
    }

    @AfterEach
    void stop() {
        server.close();
        database.close();
        postgres.close();
    }

    private CallToolResult createUser() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return server.call("create_user", Map.of("name", "User " + unique, "email", unique + "@example.com"));
    }

    private CallToolResult listUsers() {
        return server.call("list_users", Map.of());
    }

    private HealthReport health() {
        return server.bulwark().health().check();
    }

    private long appConnections() {
        try (Connection connection = postgres.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'bulwark_app'")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStoppedDatabaseFailsItsToolsFastAndRecoversByItself() {
        assertThat(createUser().isError()).isFalse();

        postgres.stop();
        CallToolResult failed = null;
        for (int i = 0; i < 6; i++) {
            failed = listUsers();
            assertThat(failed.isError()).isTrue();
        }

        assertThat(text(failed)).contains("database").contains("unavailable");
        assertThat(databaseDetails())
                .as("the breaker is open: the next calls fail without waiting")
                .containsEntry("circuit", "open");
        assertThat(server.call("process_data", Map.of("data", List.of(1, 2), "operation", "analyze"))
                        .isError())
                .as("a tool without the database")
                .isFalse();
        HealthReport down = health();
        assertThat(down.status().isReady()).isFalse();
        assertThat(down.components())
                .filteredOn(component -> component.name().equals("database"))
                .extracting(ComponentReport::details)
                .first()
                .satisfies(details -> assertThat(details.get("reason")).contains("database"));

        postgres.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            health();
            recovered = !listUsers().isError();
            if (!recovered) {
                sleep(200);
            }
        }

        assertThat(recovered)
                .as("tools answer again after the restart, without a server restart")
                .isTrue();
        assertThat(health().status().isReady()).isTrue();
        assertThat(createUser().isError()).isFalse();
        assertThat(appConnections()).as("no connection leaked").isLessThanOrEqualTo(3);
    }

    @Test
    void livenessAnswersWhileTheDatabaseIsDown() throws Exception {
        // That liveness waits on no check, even a hanging one, is shown by HealthEndpointTest with a check that hangs
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        try (BulwarkHttp http =
                BulwarkHttp.builder(server.bulwark()).port(0).managementPort(0).start()) {
            URI liveness = URI.create("http://127.0.0.1:" + http.managementPort() + "/health");
            URI readiness = URI.create("http://127.0.0.1:" + http.managementPort() + "/ready");
            assertThat(client.send(
                                    HttpRequest.newBuilder(readiness).GET().build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);

            postgres.stop();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(liveness)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.add(health.statusCode());
                sleep(300);
            }

            assertThat(statuses).containsOnly(200);
            assertThat(client.send(
                                    HttpRequest.newBuilder(readiness).GET().build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("readiness")
                    .isEqualTo(503);
        }
    }

    @Test
    void databaseToolsServeAsSoonAsReadinessSeesTheDatabaseBackWhileItIsPolled() throws Exception {
        // Production's timeouts and breaker: 3 s to connect, the health check's 2 s below it, open for 5 s.
        server.close();
        database.close();
        database = JdbcDatabase.open(
                DatabaseSettings.builder()
                        .url(Optional.of(postgres.appUrl()))
                        .poolSize(2)
                        .connectionTimeout(Duration.ofSeconds(3))
                        .statementTimeout(Duration.ofSeconds(1))
                        .allowedSchemas(Set.of("public"))
                        .build(),
                Ticker.system());
        server = new DatabaseServer(database, true);
        assertThat(listUsers().isError()).isFalse();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);
        try {
            // Load balancers polling readiness, and clients calling a database tool.
            pollers.scheduleWithFixedDelay(
                    () -> server.bulwark().health().serverHealth(), 0, 250, TimeUnit.MILLISECONDS);
            pollers.scheduleWithFixedDelay(this::listUsers, 0, 100, TimeUnit.MILLISECONDS);
            postgres.stop();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"open".equals(databaseDetails().get("circuit")) && System.nanoTime() < deadline) {
                sleep(100);
            }
            assertThat(databaseDetails()).as("the breaker opened").containsEntry("circuit", "open");
            sleep(6_000); // an outage longer than the open delay: trials and probes find the database down

            postgres.restart();
            long back = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!server.bulwark().health().serverHealth().isReady() && System.nanoTime() < back) {
                sleep(50);
            }

            // A probe that found the database back closed the breaker: no call waits another open delay (5 s)
            // behind a trial that a probe abandoned, and the calls go at once.
            assertThat(server.bulwark().health().serverHealth().isReady())
                    .as("readiness sees the database back")
                    .isTrue();
            CallToolResult afterwards = listUsers();
            assertThat(afterwards.isError())
                    .as("a database tool once readiness says ready: " + text(afterwards))
                    .isFalse();
            assertThat(databaseDetails()).containsEntry("circuit", "closed");
        } finally {
            pollers.shutdownNow();
            pollers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> databaseDetails() {
        return health().components().stream()
                .filter(component -> component.name().equals("database"))
                .findFirst()
                .orElseThrow()
                .details();
    }

    @Test
    void theNextCallsSucceedAfterThePooledBackendsAreKilled() {
        assertThat(listUsers().isError()).isFalse();
        assertThat(createUser().isError()).isFalse();

        postgres.asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bulwark_app'");

        assertThat(listUsers().isError()).as("a read right after").isFalse();
        assertThat(createUser().isError()).as("a write right after").isFalse();
    }

    @Test
    void theNextSqlWritesSucceedAfterThePooledBackendsAreKilled() throws SQLException {
        // HikariCP does not check a connection used within the last 500 ms: a busy pool hands out dead ones. The
        // window is widened so that this happens however slowly the test runs.
        server.close();
        database.close();
        System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "600000");
        try {
            database = PostgresDatabases.open(postgres, 2);
        } finally {
            System.clearProperty("com.zaxxer.hikari.aliveBypassWindowMs");
        }
        server = new DatabaseServer(database, true);
        try (Connection owner = postgres.owner().getConnection();
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE failover_items (id INT PRIMARY KEY)");
        }
        assertThat(insert(1).isError()).isFalse();

        killPooledBackends();
        CallToolResult query = insert(2);
        killPooledBackends();
        CallToolResult batch = server.call(
                "batch_operations",
                Map.of(
                        "operations",
                        List.of(
                                Map.of("query", "INSERT INTO failover_items VALUES (3)"),
                                Map.of("query", "INSERT INTO failover_items VALUES (4)"))));

        assertThat(query.isError())
                .as("execute_query right after: " + text(query))
                .isFalse();
        assertThat(batch.isError())
                .as("batch_operations right after: " + text(batch))
                .isFalse();
        assertThat(firstColumn("SELECT id FROM failover_items")).containsExactlyInAnyOrder("1", "2", "3", "4");
    }

    private CallToolResult insert(int id) {
        return server.call(
                "execute_query", Map.of("query", "INSERT INTO failover_items VALUES (?)", "params", List.of(id)));
    }

    /**
     * Terminates the pools' backends (the application role's and the SQL roles') and waits until PostgreSQL has
     * ended them.
     */
    private void killPooledBackends() {
        String pids = String.join(
                ", ",
                firstColumn("SELECT pid FROM pg_stat_activity"
                        + " WHERE usename IN ('bulwark_app', 'bulwark_sql_reader', 'bulwark_sql_writer')"));
        assertThat(pids).as("the pool holds connections").isNotEmpty();
        postgres.asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (" + pids + ")");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!firstColumn("SELECT pid FROM pg_stat_activity WHERE pid IN (" + pids + ")")
                .isEmpty()) {
            assertThat(System.nanoTime() < deadline)
                    .as("the killed backends are gone")
                    .isTrue();
            sleep(20);
        }
    }

    private List<String> firstColumn(String query) {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgres.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void callsBeyondThePoolFailFastAsBusy() throws Exception {
        // Statements wait on a table the test holds locked, as long as it holds it: 60 s before a statement times out
        server.close();
        database.close();
        database = PostgresDatabases.open(postgres, 2, Duration.ofSeconds(60));
        server = new DatabaseServer(database, true);
        try (Connection owner = postgres.owner().getConnection();
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE held_items (id INT PRIMARY KEY)");
        }
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Connection locker = postgres.owner().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE held_items IN ACCESS EXCLUSIVE MODE");
            }
            List<CompletableFuture<CallToolResult>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(CompletableFuture.supplyAsync(
                        () -> server.call("execute_query", Map.of("query", "SELECT * FROM held_items")), callers));
            }
            awaitQueriesWaitingForTheLock(2); // both pooled connections taken

            CallToolResult excess = server.call("execute_query", Map.of("query", "SELECT 1"));

            assertThat(excess.isError()).isTrue();
            assertThat(text(excess))
                    .as("refused at the bulkhead, not after waiting for a connection")
                    .contains("busy");
            assertThat(health().status().isReady())
                    .as("a busy pool is not a dead database")
                    .isTrue();
            locker.rollback();
            for (CompletableFuture<CallToolResult> call : held) {
                CallToolResult answer = call.get(30, TimeUnit.SECONDS);
                assertThat(answer.isError()).as(text(answer)).isFalse();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aLockedTableGetsTheSameTimeoutAnswerFromGetTableSchemaAsFromExecuteQueryWithoutAnErrorLog()
            throws SQLException {
        try (Connection owner = postgres.owner().getConnection();
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE locked_items (id INT PRIMARY KEY, label TEXT DEFAULT 'new' NOT NULL)");
        }
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        CallToolResult query;
        CallToolResult schema;
        try (Connection locker = postgres.owner().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE locked_items IN ACCESS EXCLUSIVE MODE");
            }
            query = server.call("execute_query", Map.of("query", "SELECT * FROM locked_items"));
            schema = server.call("get_table_schema", Map.of("table_name", "locked_items"));
            locker.rollback();
        } finally {
            root.detachAppender(logged);
        }

        assertThat(query.isError()).isTrue();
        assertThat(errorType(query)).isEqualTo("timeout");
        assertThat(schema.isError()).isTrue();
        assertThat(errorType(schema)).as(text(schema)).isEqualTo("timeout");
        assertThat(text(schema))
                .contains("locked_items")
                .contains("ran longer than the statement timeout of 1000 ms and was cancelled");
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .isEmpty();
        assertThat(server.call("get_table_schema", Map.of("table_name", "locked_items"))
                        .isError())
                .as("described once the lock is released")
                .isFalse();
    }

    private static Object errorType(CallToolResult result) {
        return result.meta().get("dev.bulwark/error-type");
    }

    /** Waits (at most 30 s) until {@code count} statements wait in PostgreSQL for a lock, holding the pool. */
    private void awaitQueriesWaitingForTheLock(long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (queriesWaitingForALock() < count) {
            assertThat(System.nanoTime() < deadline)
                    .as(count + " statements waiting for the lock")
                    .isTrue();
            sleep(20);
        }
    }

    private long queriesWaitingForALock() {
        try (Connection connection = postgres.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND wait_event_type = 'Lock' AND query LIKE '%held_items%' AND pid <> pg_backend_pid()")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
