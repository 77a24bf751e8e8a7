package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.postgres.PostgresServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database as configured. */
class DatabaseModuleTest {

    @Test
    void withSqlLoginPasswordsTheSqlToolsLogInAsTheirOwnRoles() {
        PostgresServer postgres = PostgresServer.shared();
        ServerConfig config = ServerConfig.builder()
                .database(DatabaseSettings.builder()
                        .url(postgres.appUrl())
                        .sqlReaderPassword(Optional.of("reader-password"))
                        .sqlWriterPassword(Optional.of("writer-password"))
                        .build())
                .build();

        try (JdbcDatabase database =
                DatabaseModule.database(config, Ticker.system(), io.opentelemetry.api.OpenTelemetry.noop())) {
            List<SqlStatement> resetThenWhoAmI =
                    List.of(SqlStatement.of("SET ROLE NONE"), SqlStatement.of("SELECT session_user, current_user"));
            assertThat(database.sqlGateway()
                            .executeBatch(resetThenWhoAmI, AccessMode.READ_ONLY, 10)
                            .get(1)
                            .rows())
                    .containsExactly(List.of("bulwark_sql_reader", "bulwark_sql_reader"));
        }
    }

    @Test
    void aDatabaseUrlThatIsNotOneIsAConfigurationErrorThatDoesNotQuoteIt() {
        ServerConfig config = ServerConfig.builder()
                .database(DatabaseSettings.builder()
                        .url("mysql://root:hunter2@db/app")
                        .build())
                .build();

        assertThatThrownBy(() ->
                        DatabaseModule.database(config, Ticker.system(), io.opentelemetry.api.OpenTelemetry.noop()))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("database.url");
                    assertThat(failure.error().reason()).startsWith("DATABASE_URL must start with postgres://");
                    assertThat(failure.getMessage()).doesNotContain("hunter2");
                });
    }
}
