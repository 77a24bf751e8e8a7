package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** JUL's records, the OpenTelemetry SDK's among them, reach the server's Logback loggers and nothing else. */
class JulBridgeTest {

    @Test
    void aJulRecordReachesLogbackAndJulsConsoleHandlerIsGone() {
        JulBridge.install();
        JulBridge.install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        Logger logger = context.getLogger("io.opentelemetry.test");
        logger.addAppender(seen);
        try {
            java.util.logging.Logger.getLogger("io.opentelemetry.test")
                    .severe("Failed to export spans. The request could not be executed.");

            assertThat(seen.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getLoggerName()).isEqualTo("io.opentelemetry.test");
                assertThat(event.getFormattedMessage()).startsWith("Failed to export spans");
            });
            // JUL's only handler left is the bridge, once: its ConsoleHandler (plain text on stderr) prints nothing.
            assertThat(java.util.logging.Logger.getLogger("").getHandlers())
                    .singleElement()
                    .isInstanceOf(SLF4JBridgeHandler.class);
        } finally {
            logger.detachAppender(seen);
        }
    }
}
