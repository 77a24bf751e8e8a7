package dev.bulwark.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.serve.WireLogGuard;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level to Logback, keeping the libraries that see credentials at INFO.
 */
final class LogLevels {

    private LogLevels() {}

    static void apply(LoggingSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level level = Level.toLevel(settings.effectiveLevel(), Level.INFO);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        for (String wire : WireLogGuard.WIRE_LOGGERS) {
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
