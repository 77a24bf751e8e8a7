package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.serve.WireLogGuard;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The configured level reaches every logger but the wire loggers, which never go below INFO. */
class LogLevelsTest {

    @Test
    void underTraceTheOpenTelemetrySdkAndTheOtherWireLoggersStayAtInfo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Map<String, Level> before = new HashMap<>();
        before.put(
                Logger.ROOT_LOGGER_NAME,
                context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        WireLogGuard.WIRE_LOGGERS.forEach(
                name -> before.put(name, context.getLogger(name).getLevel()));
        try {
            LogLevels.apply(new LoggingSettings("TRACE", false, false));

            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.TRACE);
            assertThat(WireLogGuard.WIRE_LOGGERS)
                    .contains("io.opentelemetry", "org.postgresql")
                    .allSatisfy(name -> assertThat(context.getLogger(name).getLevel())
                            .as(name)
                            .isEqualTo(Level.INFO));
            assertThat(context.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter")
                            .isDebugEnabled())
                    .isFalse();
        } finally {
            before.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
    }
}
