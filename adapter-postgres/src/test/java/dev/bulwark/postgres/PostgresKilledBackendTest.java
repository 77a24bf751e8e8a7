package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL tools' writes right after PostgreSQL killed every pooled backend (a failover, {@code pg_terminate_backend}):
 * the session's own setup ({@code SET LOCAL ROLE ...}) found the dead connection and the write failed as
 * "unavailable", although nothing of the caller's had been sent. HikariCP checks a connection it hands out only when it
 * was idle for more than 500 ms ({@code com.zaxxer.hikari.aliveBypassWindowMs}); a busy pool's connections never are.
 * The test widens that window so that what a busy pool does is what happens, however slowly the test runs.
 */
class PostgresKilledBackendTest {

    private static final String BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

    private final PostgresServer postgres = PostgresServer.shared();
    private final Owner owner = new Owner(postgres.owner());
    private JdbcDatabase database;

    @BeforeEach
    void open() {
        System.setProperty(BYPASS_WINDOW, String.valueOf(Duration.ofMinutes(10).toMillis()));
        try {
            database = PostgresDatabases.open(postgres, 2);
        } finally {
            System.clearProperty(BYPASS_WINDOW);
        }
        owner.execute("DROP TABLE IF EXISTS killed_backend_writes");
        owner.execute("CREATE TABLE killed_backend_writes (id INT PRIMARY KEY)");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private QueryResult write(AccessMode mode, String sql) {
        return database.sqlGateway().execute(SqlStatement.of(sql), mode, 10);
    }

    private long rows() {
        return ((Number) owner.query("SELECT count(*) FROM killed_backend_writes")).longValue();
    }

    /**
     * Terminates every backend of the application role (the pool's: the fixtures' connections are closed after each
     * use) and waits until PostgreSQL has ended them. Not by application name: {@code DISCARD ALL} resets it.
     */
    private void killThePoolsBackends() {
        List<Long> killed = backends("SELECT pid FROM pg_stat_activity WHERE usename = 'bulwark_app'");
        assertThat(killed).as("the pool holds connections").isNotEmpty();
        String pids = killed.stream().map(String::valueOf).collect(Collectors.joining(", "));
        postgres.asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (" + pids + ")");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!backends("SELECT pid FROM pg_stat_activity WHERE pid IN (" + pids + ")")
                .isEmpty()) {
            assertThat(System.nanoTime()).as("the killed backends are gone").isLessThan(deadline);
            pause();
        }
    }

    private List<Long> backends(String query) {
        List<Long> pids = new ArrayList<>();
        try (Connection connection = postgres.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWriteRightAfterThePooledBackendsAreKilledSucceeds() {
        write(AccessMode.READ_WRITE, "INSERT INTO killed_backend_writes VALUES (1)");
        write(AccessMode.READ_ONLY, "SELECT count(*) FROM killed_backend_writes");

        killThePoolsBackends();

        assertThat(write(AccessMode.READ_WRITE, "INSERT INTO killed_backend_writes VALUES (2)")
                        .updateCount())
                .hasValue(1);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aBatchRightAfterThePooledBackendsAreKilledSucceeds() {
        write(AccessMode.READ_WRITE, "INSERT INTO killed_backend_writes VALUES (1)");
        write(AccessMode.READ_ONLY, "SELECT count(*) FROM killed_backend_writes");

        killThePoolsBackends();

        List<QueryResult> results = database.sqlGateway()
                .executeBatch(
                        List.of(
                                SqlStatement.of("INSERT INTO killed_backend_writes VALUES (2)"),
                                SqlStatement.of("INSERT INTO killed_backend_writes VALUES (3)")),
                        AccessMode.READ_WRITE,
                        10);

        assertThat(results).hasSize(2);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aReadRightAfterThePooledBackendsAreKilledSucceeds() {
        write(AccessMode.READ_ONLY, "SELECT 1");

        killThePoolsBackends();

        assertThat(write(AccessMode.READ_ONLY, "SELECT count(*) FROM killed_backend_writes")
                        .rows())
                .hasSize(1);
    }
}
