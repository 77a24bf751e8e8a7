package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.appender.DelegatingAsyncDisruptorAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** What the server's log configuration ({@link ServerLogConfigurator}) lets through, library by library. */
class ServerLogConfigurationTest {

    private final LoggerContext server = new LoggerContext();

    @BeforeEach
    void configure() {
        ServerLogConfigurator.apply(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void julLoggersTakeTheServersLevelsSoTheOpenTelemetrySdkStaysAtInfoUnderDebug() {
        java.util.logging.Logger exporter = java.util.logging.Logger.getLogger("io.opentelemetry.exporter.test");
        java.util.logging.Logger other = java.util.logging.Logger.getLogger("org.example.test");
        Logger root = server.getLogger(Logger.ROOT_LOGGER_NAME);
        try {
            assertThat(other.isLoggable(java.util.logging.Level.FINE))
                    .as("JUL under the INFO root")
                    .isFalse();

            root.setLevel(Level.DEBUG);

            assertThat(other.isLoggable(java.util.logging.Level.FINE))
                    .as("JUL under the DEBUG root")
                    .isTrue();
            assertThat(exporter.isLoggable(java.util.logging.Level.FINE))
                    .as("the exporter under DEBUG")
                    .isFalse();
            assertThat(exporter.isLoggable(java.util.logging.Level.INFO)).isTrue();
        } finally {
            root.setLevel(Level.INFO);
        }
    }

    @Test
    void flywaysLineNamingTheDatabaseUrlIsNotLogged() {
        assertThat(server.getLogger("org.flywaydb.core.FlywayExecutor").isInfoEnabled())
                .isFalse();
    }

    @Test
    void flywaysWarningThatTheDatabaseIsNewerThanItsVerifiedVersionsIsNotLogged() {
        assertThat(server.getLogger("org.flywaydb.core.internal.database.base.Database")
                        .isWarnEnabled())
                .isFalse();
        assertThat(server.getLogger("org.flywaydb.core.internal.database.base.Database")
                        .isErrorEnabled())
                .isTrue();
    }

    @Test
    void theSdksWarningForEveryStatelessErrorItPassesOnIsNotLogged() {
        assertThat(server.getLogger("io.modelcontextprotocol.server.DefaultMcpStatelessServerHandler")
                        .isWarnEnabled())
                .isFalse();
    }

    @Test
    void flywaysMigrationLinesAreStillLogged() {
        assertThat(server.getLogger("org.flywaydb.core.internal.command.DbMigrate")
                        .isInfoEnabled())
                .isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAuditLineCarriesItsFieldsOnceEachAndNothingElse() throws Exception {
        var async = (DelegatingAsyncDisruptorAppender<ILoggingEvent, ?>)
                server.getLogger("dev.bulwark.audit").getAppender("ASYNC_AUDIT_JSON_STDERR");
        var audit = (OutputStreamAppender<ILoggingEvent>) async.getAppender("AUDIT_JSON_STDERR");
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName("dev.bulwark.audit");
        event.setLevel(Level.INFO);
        event.setMessage("tool call audit");
        event.setThreadName("bulwark-http-1");
        event.setTimeStamp(0);
        event.setMDCPropertyMap(Map.of("request_id", "r-1", "tool", "echo", "principal", "ada", "session", "s-1"));
        event.setKeyValuePairs(new ArrayList<>(List.of(
                new KeyValuePair("principal", "ada"),
                new KeyValuePair("tool", "echo"),
                new KeyValuePair("request_id", "r-1"))));

        JsonNode line = new ObjectMapper().readTree(audit.getEncoder().encode(event));

        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "timestamp",
                        "message",
                        "logger",
                        "thread",
                        "level",
                        "session",
                        "principal",
                        "tool",
                        "request_id");
        assertThat(OffsetDateTime.parse(line.get("timestamp").asText()).toInstant())
                .isEqualTo(Instant.EPOCH);
    }
}
