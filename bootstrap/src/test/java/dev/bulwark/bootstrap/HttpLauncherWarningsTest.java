package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the HTTP server warns about, or advises, at start, before anyone calls it. */
class HttpLauncherWarningsTest {

    private final Logger log = (Logger) LoggerFactory.getLogger(HttpLauncherWarningsTest.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.setLevel(Level.INFO);
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void release() {
        log.detachAppender(logged);
        log.setLevel(null);
    }

    @Test
    void aBindBeyondLoopbackWithAuthenticationOffIsWarnedAbout() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().host("0.0.0.0").build())
                .auth(AuthSettings.builder().mode(AuthSettings.Mode.OFF).build())
                .build();

        HttpLauncher.warnWhenExposed(config, log);

        assertThat(logged.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .startsWith("Serving beyond loopback with auth.mode off"));
    }

    @Test
    void credentialsOnTheLoopbackBindAreUsedSoNothingIsWarnedAbout() {
        ServerConfig config = ServerConfig.builder()
                .auth(AuthSettings.builder()
                        .apiKeysFile(Optional.of("keys.json"))
                        .build())
                .build();

        HttpLauncher.warnWhenExposed(config, log);

        assertThat(config.auth().requiredFor(config.http().host())).isTrue();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aLoopbackBindWithoutCredentialsIsNotWarnedAbout() {
        HttpLauncher.warnWhenExposed(ServerConfig.defaults(), log);

        assertThat(logged.list).isEmpty();
    }

    @Test
    void anHttpServerStartedWithTheLaunchersStdioArchiveSaysHowToStartFaster() {
        HttpLauncher.noteTheLaunchersArchive("stdio", log);

        assertThat(logged.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("archive for stdio", "--http or MCP_HTTP=true"));
    }

    @Test
    void theLaunchersHttpArchiveOrNoArchiveIsNotMentioned() {
        HttpLauncher.noteTheLaunchersArchive("http", log);
        HttpLauncher.noteTheLaunchersArchive(null, log);

        assertThat(logged.list).isEmpty();
    }
}
