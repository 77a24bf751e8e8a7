package dev.bulwark.spring;

import dev.bulwark.serve.WireLogGuard;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
     * The loggers held, as the server jar and serve's {@link WireLogGuard} hold them (Jetty's and Tomcat's parsers
     * print every header, {@code Authorization} and {@code X-API-Key} included; the MCP SDK every message), each at
     * INFO. Spring's
     * logging system holds them whatever the backend; with Logback, serve's filter holds them too.
     */
    static final Map<String, LogLevel> HELD = WireLogGuard.WIRE_LOGGERS.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), logger -> LogLevel.INFO));

    private WireLoggers() {}

    /**
     * Raises each held logger, and each logger below it given a level of its own, to its held level where it has a
     * more verbose one, set or inherited; a quieter level is kept.
     */
    static WireLoggers hold(LoggingSystem logging) {
        WireLogGuard.install(); // with Logback: its filter holds them under any level, whatever serves MCP
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
