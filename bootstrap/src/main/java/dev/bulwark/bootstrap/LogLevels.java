package dev.bulwark.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.bulwark.core.config.LoggingSettings;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level to Logback, keeping the libraries that see credentials at INFO.
 */
final class LogLevels {

    /** Loggers kept at INFO or above. */
    static final List<String> WIRE_LOGGERS = List.of(
            "io.modelcontextprotocol",
            "org.eclipse.jetty",
            "redis.clients",
            "com.zaxxer.hikari",
            "org.postgresql",
            "io.opentelemetry",
            "sun.net.www.protocol.http");

    private LogLevels() {}

    static void apply(LoggingSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level level = Level.toLevel(settings.effectiveLevel(), Level.INFO);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        for (String wire : WIRE_LOGGERS) {
            context.getLogger(wire).setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
        }
    }

    /** Flushes and stops logging, so the last lines are written before the process ends. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
