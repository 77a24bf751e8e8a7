package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.User;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The database on an application's data source, which it borrows and leaves open. */
class ApplicationDataSourceTest {

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void keepsUsersOnTheApplicationsDataSourceAndLeavesItOpenWhenClosed() throws Exception {
        try (HikariDataSource application = ApplicationDataSourceSqlGatewayContractTest.applicationPool(server)) {
            JdbcDatabase database = JdbcDatabase.over(
                    application,
                    ApplicationDataSourceSqlGatewayContractTest.options(),
                    Ticker.system(),
                    OpenTelemetry.noop());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String id = UUID.randomUUID().toString();
            database.userRepository().insert(new User(id, "Ada", "ada@example.com", now, now));
            assertThat(database.userRepository().findById(id)).map(User::name).contains("Ada");

            database.close();

            assertThat(application.isClosed()).isFalse();
            assertThat(selectOne(application)).isEqualTo(1);
        }
    }

    @Test
    void reportsItsHealthWithTheApplicationsPoolAsItIs() {
        try (HikariDataSource application = ApplicationDataSourceSqlGatewayContractTest.applicationPool(server);
                JdbcDatabase database = JdbcDatabase.over(
                        application,
                        ApplicationDataSourceSqlGatewayContractTest.options(),
                        Ticker.system(),
                        OpenTelemetry.noop())) {
            var health = database.healthIndicator().check();

            assertThat(health.status()).isEqualTo(ComponentStatus.UP);
            assertThat(health.details())
                    .containsEntry("engine", "postgresql")
                    .containsEntry("pool_max", "6")
                    .containsKey("pool_active");
            assertThat(application.getMaximumPoolSize()).isEqualTo(6);
        }
    }

    @Test
    void worksOnADataSourceThatIsNotAPool() {
        DataSource plain = server.owner();
        try (JdbcDatabase database = JdbcDatabase.over(
                plain, ApplicationDataSourceSqlGatewayContractTest.options(), Ticker.system(), OpenTelemetry.noop())) {
            var health = database.healthIndicator().check();

            assertThat(health.status()).isEqualTo(ComponentStatus.UP);
            assertThat(health.details()).containsEntry("pool_max", "5").doesNotContainKey("pool_active");
        }
    }

    @Test
    void metersItsCircuitBreakerButLeavesThePoolsMetersToTheApplication() {
        try (HikariDataSource application = ApplicationDataSourceSqlGatewayContractTest.applicationPool(server);
                JdbcDatabase database = JdbcDatabase.over(
                        application,
                        ApplicationDataSourceSqlGatewayContractTest.options(),
                        Ticker.system(),
                        OpenTelemetry.noop())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            database.meterBinder().bindTo(registry);
            database.healthIndicator().check();

            assertThat(registry.getMeters())
                    .extracting(meter -> meter.getId().getName())
                    .contains("bulwark.database.circuit.breaker.state")
                    .noneMatch(name -> name.startsWith("hikaricp"));
            assertThat(application.getMetricsTrackerFactory()).isNull();
            assertThat(registry.getMeters()).map(Meter::getId).isNotEmpty();
        }
    }

    @Test
    void refusesAUrlOrSqlLoginsBesideTheDataSource() {
        DatabaseSettings withUrl = PostgresDatabases.options(server.appUrl());
        assertThatThrownBy(() -> JdbcDatabase.over(server.owner(), withUrl, Ticker.system(), OpenTelemetry.noop()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database.url")
                .hasMessageNotContaining(PostgresServer.APP_USER);
    }

    private static int selectOne(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT 1")) {
            row.next();
            return row.getInt(1);
        }
    }
}
