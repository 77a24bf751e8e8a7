package dev.bulwark.spring;

import java.util.Map;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Holds the loggers that print what crosses Bulwark's wire at INFO at least, whatever {@code logging.level.*} says:
 * at DEBUG they print whole requests, headers and messages, credentials included. The bean that says it is done;
 * stateless.
 */
final class WireLoggers {

    /**
     * The loggers held, as the server jar holds them: Jetty (Bulwark's HTTP server: its parser and connections print
     * every header, {@code Authorization} and {@code X-API-Key} included), the MCP SDK (every message, tool arguments
     * included) and the JDK's HTTP client connection (request headers, for the JWKS).
     */
    static final Map<String, LogLevel> HELD = Map.of(
            "org.eclipse.jetty", LogLevel.INFO,
            "io.modelcontextprotocol", LogLevel.INFO,
            "sun.net.www.protocol.http", LogLevel.INFO);

    private WireLoggers() {}

    /**
     * Raises each held logger, and each logger below it given a level of its own, to its held level where it has a
     * more verbose one, set or inherited; a quieter level is kept.
     */
    static WireLoggers hold(LoggingSystem logging) {
        HELD.forEach((name, level) -> {
            LoggerConfiguration own = logging.getLoggerConfiguration(name);
            if (own == null || own.getEffectiveLevel() == null || moreVerbose(own.getEffectiveLevel(), level)) {
                logging.setLogLevel(name, level);
            }
        });
        for (LoggerConfiguration logger : logging.getLoggerConfigurations()) {
            HELD.forEach((name, level) -> {
                LogLevel configured = logger.getConfiguredLevel();
                if (logger.getName().startsWith(name + ".") && configured != null && moreVerbose(configured, level)) {
                    logging.setLogLevel(logger.getName(), level);
                }
            });
        }
        return new WireLoggers();
    }

    private static boolean moreVerbose(LogLevel level, LogLevel than) {
        return level.ordinal() < than.ordinal();
    }
}
