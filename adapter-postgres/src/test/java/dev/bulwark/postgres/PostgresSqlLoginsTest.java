package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SQL tools logging in to PostgreSQL as their own roles ({@link SqlLogins}), against switching to them with
 * {@code SET LOCAL ROLE} on the owner's connections. The hostile statements go straight to the gateway, as if the
 * core's checks had let them through.
 */
class PostgresSqlLoginsTest {

    private static final List<SqlStatement> RESET_ROLE_THEN_WHO_AM_I =
            List.of(SqlStatement.of("SELECT set_config('role', 'none', true)"), SqlStatement.of("SELECT current_user"));

    @Test
    void aSessionLoggedInAsItsRoleCannotBecomeTheOwner() {
        try (JdbcDatabase database = PostgresDatabases.open(PostgresServer.shared(), 2)) {
            SqlGateway gateway = database.sqlGateway();

            assertThat(gateway.executeBatch(RESET_ROLE_THEN_WHO_AM_I, AccessMode.READ_ONLY, 10)
                            .get(1)
                            .rows())
                    .containsExactly(List.of(SqlRoles.READER));
            assertThat(gateway.executeBatch(RESET_ROLE_THEN_WHO_AM_I, AccessMode.READ_WRITE, 10)
                            .get(1)
                            .rows())
                    .containsExactly(List.of(SqlRoles.WRITER));
            assertThatThrownBy(() -> gateway.executeBatch(
                            List.of(
                                    SqlStatement.of("SET ROLE NONE"),
                                    SqlStatement.of("SELECT count(*) FROM bulwark.users")),
                            AccessMode.READ_ONLY,
                            10))
                    .isInstanceOfSatisfying(
                            SqlStatementException.class,
                            e -> assertThat(e.failure()).isEqualTo(SqlFailure.PERMISSION_DENIED));
        }
    }

    @Test
    void aSessionThatSwitchedRolesOnTheOwnersConnectionCanSwitchBack() {
        // Why the server warns when the SQL tools have no logins of their own: the owner is one statement away.
        try (JdbcDatabase database =
                PostgresDatabases.start(PostgresDatabases.switchingRoles(PostgresServer.shared(), 2))) {
            assertThat(database.sqlGateway()
                            .executeBatch(RESET_ROLE_THEN_WHO_AM_I, AccessMode.READ_ONLY, 10)
                            .get(1)
                            .rows())
                    .containsExactly(List.of(PostgresServer.APP_USER));
        }
    }

    @Test
    void eachRoleHasItsOwnPoolWithItsOwnMeters() {
        try (JdbcDatabase database = PostgresDatabases.open(PostgresServer.shared(), 2)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            database.meterBinder().bindTo(registry);

            database.sqlGateway().execute(SqlStatement.of("SELECT 1"), AccessMode.READ_ONLY, 10);
            database.sqlGateway().execute(SqlStatement.of("SELECT 1"), AccessMode.READ_WRITE, 10);

            assertThat(registry.find("hikaricp.connections")
                            .tag("pool", SqlLoginPools.READER_POOL)
                            .gauge())
                    .isNotNull();
            assertThat(registry.find("hikaricp.connections")
                            .tag("pool", SqlLoginPools.WRITER_POOL)
                            .gauge())
                    .isNotNull();
            assertThat(registry.find("hikaricp.connections")
                            .tag("pool", "bulwark-db")
                            .gauge())
                    .isNotNull();
        }
    }

    @Test
    void aLoginTheServerRefusesFailsTheCallAsNotSetUpWithoutOpeningTheBreaker() {
        try (PostgresServer server = PostgresServer.start();
                JdbcDatabase database = PostgresDatabases.open(server, 2)) {
            server.asSuperuser("ALTER ROLE " + SqlRoles.READER + " NOLOGIN");

            for (int call = 0; call < 3; call++) {
                assertThatThrownBy(() ->
                                database.sqlGateway().execute(SqlStatement.of("SELECT 1"), AccessMode.READ_ONLY, 10))
                        .isInstanceOfSatisfying(SqlStatementException.class, e -> {
                            assertThat(e.failure()).isEqualTo(SqlFailure.NOT_SET_UP);
                            assertThat(e.sqlState()).startsWith("28");
                        });
            }
            // A set-up fault is not an outage: the writer and the user tools still work.
            assertThat(database.sqlGateway()
                            .execute(SqlStatement.of("SELECT current_user"), AccessMode.READ_WRITE, 10)
                            .rows())
                    .containsExactly(List.of(SqlRoles.WRITER));
        }
    }
}
