package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.tools.business.sql.DatabaseSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.ports.time.Ticker;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database as configured, before anything is opened. */
class DatabaseModuleTest {

    @Test
    void aDatabaseUrlThatIsNotOneIsAConfigurationErrorThatDoesNotQuoteIt() {
        ServerConfig config = ServerConfig.builder()
                .database(DatabaseSettings.builder()
                                .url(Optional.of(Secret.of("mysql://root:hunter2@db/app"))).build())
                .build();

        assertThatThrownBy(() -> DatabaseModule.database(config, Ticker.system(), io.opentelemetry.api.OpenTelemetry.noop()))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("database.url");
                    assertThat(failure.error().reason()).startsWith("DATABASE_URL must start with postgres://");
                    assertThat(failure.getMessage()).doesNotContain("hunter2");
                });
    }
}
