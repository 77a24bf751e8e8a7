package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table another transaction holds an exclusive lock on, on a real PostgreSQL: describing it waits for the lock
 * like a query does, and both end at the statement timeout as the same {@link SqlFailure#TIMEOUT}, never as an
 * unexplained failure. The breaker does not count it: the database answered.
 */
class PostgresLockedTableTest {

    private static JdbcDatabase database;
    private static SqlGateway gateway;
    private static Owner owner;
    private Connection locker;

    @BeforeAll
    static void openDatabase() {
        PostgresServer server = PostgresServer.shared();
        database = PostgresDatabases.open(server, 2);
        gateway = database.sqlGateway();
        owner = new Owner(server.owner());
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void lockATable() throws SQLException {
        owner.execute("DROP TABLE IF EXISTS locked_items");
        owner.execute("CREATE TABLE locked_items (id INT PRIMARY KEY, label TEXT DEFAULT 'new' NOT NULL)");
        locker = PostgresServer.shared().owner().getConnection();
        locker.setAutoCommit(false);
        try (Statement statement = locker.createStatement()) {
            statement.execute("LOCK TABLE locked_items IN ACCESS EXCLUSIVE MODE");
        }
    }

    @AfterEach
    void releaseTheLock() throws SQLException {
        locker.rollback();
        locker.close();
    }

    @Test
    void aQueryOnTheLockedTableEndsAsATimeout() {
        assertThatThrownBy(
                        () -> gateway.execute(SqlStatement.of("SELECT * FROM locked_items"), AccessMode.READ_ONLY, 10))
                .isInstanceOfSatisfying(
                        SqlStatementException.class,
                        e -> assertThat(e.failure()).isEqualTo(SqlFailure.TIMEOUT));
    }

    @Test
    void describingTheLockedTableEndsAsTheSameTimeout() {
        // 57014, query_canceled: the statement timeout ended it, not the lock's release
        assertThatThrownBy(() -> gateway.describeTable("public", "locked_items"))
                .isInstanceOfSatisfying(SqlStatementException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SqlFailure.TIMEOUT);
                    assertThat(e.sqlState()).isEqualTo("57014");
                    assertThat(e.statementIndex()).isEmpty();
                });
    }

    @Test
    void theTableIsDescribedOnceTheLockIsReleased() throws SQLException {
        try {
            gateway.describeTable("public", "locked_items");
        } catch (SqlStatementException expected) {
            // the behaviour under test is the next call
        }
        locker.rollback();

        assertThat(gateway.describeTable("public", "locked_items").orElseThrow().columns())
                .hasSize(2);
    }
}
