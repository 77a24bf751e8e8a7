package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The SDK's lines any client can cause at will are dropped; everything else passes. */
class ClientMistakeLogFilterTest {

    private final ClientMistakeLogFilter filter = new ClientMistakeLogFilter();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private LoggingEvent event(String logger, Level level, String template, Object... arguments) {
        Logger target = context.getLogger(logger);
        return new LoggingEvent(Logger.class.getName(), target, level, template, null, arguments);
    }

    @Test
    void theLineEachInitializeWritesWithTheClientsOwnTextIsDropped() {
        for (String server : ClientMistakeLogFilter.SERVERS) {
            assertThat(filter.decide(event(
                            server,
                            Level.INFO,
                            "Client initialize request - Protocol: {}, Capabilities: {}, Info: {}",
                            "2025-11-25",
                            "ClientCapabilities[]",
                            "Implementation[name=any text a client sends, version=1]")))
                    .as(server)
                    .isEqualTo(FilterReply.DENY);
        }
    }

    @Test
    void theSdkServersOtherLinesPass() {
        assertThat(filter.decide(event(
                        "io.modelcontextprotocol.server.McpAsyncServer", Level.INFO, "Added tool handler: {}", "echo")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void theInitializeLineIsTheOneTheSdkWrites() throws Exception {
        // the template is matched exactly: a changed SDK line would pass unnoticed, so check the SDK still writes it
        for (String server : ClientMistakeLogFilter.SERVERS) {
            try (var in = Class.forName(server)
                    .getResourceAsStream(server.substring(server.lastIndexOf('.') + 1) + ".class")) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(server)
                        .contains("Client initialize request - Protocol: {}, Capabilities: {}, Info: {}");
            }
        }
    }

    @Test
    void theSameTextFromAnotherLoggerPasses() {
        assertThat(filter.decide(event(
                        "dev.bulwark.http.McpHttpServer",
                        Level.INFO,
                        "Client initialize request - Protocol: {}, Capabilities: {}, Info: {}",
                        "2025-11-25",
                        "ClientCapabilities[]",
                        "Implementation[name=t, version=1]")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void anErrorOfAnSdkLoggerPasses() {
        assertThat(filter.decide(event(
                        "io.modelcontextprotocol.spec.McpStreamableServerSession",
                        Level.ERROR,
                        "Failed to send message to session {}: {}",
                        "4f1c",
                        "Client disconnected")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void theServersLogConfigurationAppliesItToTheDiagnosticStream() {
        LoggerContext server = new LoggerContext();
        try {
            ServerLogConfigurator.apply(server);

            assertThat(server.getLogger(Logger.ROOT_LOGGER_NAME)
                            .getAppender("ASYNC_JSON_STDERR")
                            .getCopyOfAttachedFiltersList())
                    .hasAtLeastOneElementOfType(ClientMistakeLogFilter.class);
        } finally {
            server.stop();
        }
    }
}
