package dev.bulwark.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.bulwark.core.config.LoggingSettings;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level to Logback. The MCP SDK's loggers never go below INFO: at DEBUG they log whole
 * protocol messages, which can hold user data and secrets.
 */
final class LogLevels {

    private static final String SDK_LOGGER = "io.modelcontextprotocol";

    private LogLevels() {
    }

    static void apply(LoggingSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level level = Level.toLevel(settings.effectiveLevel(), Level.INFO);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        context.getLogger(SDK_LOGGER).setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
    }

    /** Flushes and stops logging, so the last lines are written before the process ends. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
