package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded default as the server sees it: engine, health and meters. */
class H2DatabaseTest {

    private final JdbcDatabase database = H2Databases.open();

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void closingWhileTheSchemaMigratesLetsTheMigrationFinishFirst() {
        JdbcDatabase migrating = H2Databases.open();

        migrating.close();

        assertThat(migrating.migrationRunning())
                .as("its migration thread still running after close()")
                .isFalse();
    }

    @Test
    void servesTheEmbeddedEngineWithoutAUrl() {
        assertThat(database.engine()).isEqualTo("h2");
    }

    @Test
    void itsGatewayTellsTheSqlToolsItsSchemasTimeoutsAndStringSyntax() {
        SqlGateway gateway = database.sqlGateway();

        assertThat(gateway.allowedSchemas()).containsExactly("public");
        assertThat(gateway.statementTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(gateway.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(gateway.backslashEscapeStrings())
                .as("H2 reads E'...' as a standard string")
                .isFalse();
    }

    @Test
    void isPrivateToThisProcessWithAnIdentityOfItsOwn() {
        try (JdbcDatabase another = H2Databases.open()) {
            assertThat(database.privateIdentity())
                    .hasValueSatisfying(
                            identity -> assertThat(identity).startsWith("h2-").hasSize(19));
            assertThat(another.privateIdentity()).isPresent().isNotEqualTo(database.privateIdentity());
        }
    }

    @Test
    void reportsItselfUpAndRequiredWithPoolDetails() {
        ComponentHealth health = database.healthIndicator().check();

        assertThat(database.healthIndicator().name()).isEqualTo("database");
        assertThat(database.healthIndicator().criticality()).isEqualTo(Criticality.REQUIRED);
        assertThat(health.status()).isEqualTo(ComponentStatus.UP);
        assertThat(health.details())
                .containsKeys("latency_ms", "pool_active", "pool_max", "circuit")
                .containsEntry("circuit", "closed");
    }

    @Test
    void publishesPoolAndBreakerMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        database.meterBinder().bindTo(registry);
        database.healthIndicator().check();

        assertThat(registry.find("hikaricp.connections.max").gauge()).isNotNull();
        assertThat(registry.find("bulwark.database.circuit.breaker.state")
                        .tag("state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
    }

    @Test
    void refusesAValueLargerThanTheResultLimitAndRunsTheNextQuery() {
        SqlStatement huge = new SqlStatement("SELECT repeat('x', " + 20 * 1024 * 1024 + ")", List.of());

        assertThatThrownBy(() -> database.sqlGateway().execute(huge, AccessMode.READ_ONLY, 10))
                .isInstanceOfSatisfying(
                        SqlStatementException.class,
                        e -> assertThat(e.failure()).isEqualTo(SqlFailure.RESULT_TOO_LARGE));
        assertThat(database.sqlGateway()
                        .execute(new SqlStatement("SELECT 1", List.of()), AccessMode.READ_ONLY, 10)
                        .rows())
                .hasSize(1);
        assertThat(database.healthIndicator().check().details()).containsEntry("circuit", "closed");
    }

    @Test
    void neverPrintsItsUrl() {
        DatabaseSettings options = PostgresDatabases.options("postgres://app:hunter2@db.internal:5432/app");

        assertThat(options.toString()).doesNotContain("hunter2");
    }
}
