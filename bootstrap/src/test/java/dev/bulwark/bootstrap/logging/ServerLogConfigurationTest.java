package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server's own logback.xml lets through, library by library. */
class ServerLogConfigurationTest {

    private final LoggerContext server = new LoggerContext();

    @BeforeEach
    void configure() throws JoranException {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(server);
        configurator.doConfigure(ServerLogConfigurationTest.class.getResource("/logback.xml"));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void flywaysLineNamingTheDatabaseUrlIsNotLogged() {
        assertThat(server.getLogger("org.flywaydb.core.FlywayExecutor").isInfoEnabled()).isFalse();
    }

    @Test
    void flywaysMigrationLinesAreStillLogged() {
        assertThat(server.getLogger("org.flywaydb.core.internal.command.DbMigrate").isInfoEnabled()).isTrue();
    }
}
