package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database's own layers of the SQL tools' defence, tested by sending hostile statements straight to the gateway,
 * as if the core's parser had let them through: the engine must still refuse them, and leave the data and the pooled
 * connections as they were.
 */
class PostgresEngineDefenceTest {

    private static JdbcDatabase database;
    private static SqlGateway gateway;
    private static Owner owner;
    private static Owner superuser;

    @BeforeAll
    static void openDatabase() {
        PostgresServer server = PostgresServer.shared();
        database = PostgresDatabases.open(server, 1);
        gateway = database.sqlGateway();
        owner = new Owner(server.owner());
        superuser = new Owner(server.superuser());
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void createVictim() {
        owner.execute("DROP TABLE IF EXISTS engine_victims");
        owner.execute("CREATE TABLE engine_victims (id INT PRIMARY KEY, secret TEXT)");
        owner.execute("INSERT INTO engine_victims VALUES (1, 'a'), (2, 'b')");
    }

    private long victims() {
        return ((Number) owner.query("SELECT count(*) FROM engine_victims")).longValue();
    }

    private static SqlFailure failureOf(String sql, AccessMode mode) {
        try {
            gateway.execute(SqlStatement.of(sql), mode, 10);
        } catch (SqlStatementException e) {
            return e.failure();
        }
        throw new AssertionError("expected the database to refuse: " + sql);
    }

    @Test
    void aSecondStatementIsRefusedByTheDriversOwnSplit() {
        assertThat(failureOf("SELECT 1; DELETE FROM engine_victims", AccessMode.READ_WRITE))
                .isEqualTo(SqlFailure.MULTIPLE_STATEMENTS);
        assertThat(victims()).isEqualTo(2);
    }

    @Test
    void aCommitCannotEndTheReadOnlyTransactionEarly() {
        assertThat(failureOf("COMMIT; DELETE FROM engine_victims", AccessMode.READ_ONLY))
                .isEqualTo(SqlFailure.MULTIPLE_STATEMENTS);
        assertThat(victims()).isEqualTo(2);
    }

    @Test
    void aWriteInReadOnlyModeIsRefusedByTheTransaction() {
        assertThat(failureOf("DELETE FROM engine_victims", AccessMode.READ_ONLY))
                .isIn(SqlFailure.READ_ONLY_VIOLATION, SqlFailure.PERMISSION_DENIED);
        assertThat(victims()).isEqualTo(2);
    }

    @Test
    void theReaderRoleCannotReadServerFiles() {
        assertThat(failureOf("SELECT pg_read_file('/etc/passwd')", AccessMode.READ_ONLY))
                .isEqualTo(SqlFailure.PERMISSION_DENIED);
    }

    @Test
    void theWriterRoleCannotRunPrograms() {
        assertThat(failureOf("COPY engine_victims TO PROGRAM 'id'", AccessMode.READ_WRITE))
                .isNotNull();
        assertThat(victims()).isEqualTo(2);
    }

    @Test
    void theWriterRoleCannotChangeTheSchema() {
        assertThat(failureOf("DROP TABLE engine_victims", AccessMode.READ_WRITE))
                .isEqualTo(SqlFailure.PERMISSION_DENIED);
        assertThat(victims()).isEqualTo(2);
    }

    @Test
    void theSqlRolesCannotSeeBulwarksOwnSchema() {
        assertThat(failureOf("SELECT count(*) FROM bulwark.users", AccessMode.READ_ONLY))
                .isEqualTo(SqlFailure.PERMISSION_DENIED);
    }

    @Test
    void turningOffTheTimeoutInsideTheStatementDoesNotSaveIt() {
        assertThat(failureOf("SELECT set_config('statement_timeout', '0', false), pg_sleep(4)", AccessMode.READ_ONLY))
                .isEqualTo(SqlFailure.TIMEOUT);
    }

    @Test
    void aSessionSettingDoesNotOutliveItsCall() {
        gateway.execute(SqlStatement.of("SET application_name = 'hijacked'"), AccessMode.READ_WRITE, 10);

        assertThat(superuser.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'hijacked'"))
                .isEqualTo(0L);
    }

    @Test
    void anAdvisoryLockDoesNotOutliveItsCall() {
        gateway.execute(SqlStatement.of("SELECT pg_advisory_lock(4242)"), AccessMode.READ_WRITE, 10);

        assertThat(superuser.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                .isEqualTo(0L);
    }

    @Test
    void aRoleSwitchDoesNotOutliveItsCallOnTheOwnersConnection() {
        // Role-switch mode with one pooled connection: every call runs on the same owner connection, so a role a
        // statement set would be the next call's if it outlived its transaction. (With SQL logins each role has
        // its own pool: see PostgresSqlLoginsTest.)
        JdbcDatabase switching = PostgresDatabases.start(PostgresDatabases.switchingRoles(PostgresServer.shared(), 1));
        try {
            SqlGateway oneConnection = switching.sqlGateway();
            oneConnection.execute(SqlStatement.of("SET ROLE NONE"), AccessMode.READ_WRITE, 10);

            assertThat(oneConnection
                            .execute(SqlStatement.of("SELECT current_user"), AccessMode.READ_ONLY, 10)
                            .rows())
                    .containsExactly(List.of("bulwark_sql_reader"));
            oneConnection.execute(SqlStatement.of("SET SESSION ROLE NONE"), AccessMode.READ_ONLY, 10);
            assertThat(oneConnection
                            .execute(SqlStatement.of("SELECT current_user"), AccessMode.READ_WRITE, 10)
                            .rows())
                    .containsExactly(List.of("bulwark_sql_writer"));
        } finally {
            switching.close();
        }
    }
}
