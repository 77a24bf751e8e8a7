package dev.bulwark.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How much the server logs.
 *
 * @param level one of TRACE, DEBUG, INFO, WARN, ERROR ({@code MCP_LOG_LEVEL})
 * @param debug {@code MCP_DEBUG}: forces DEBUG level; never exposes internals to clients
 */
public record LoggingSettings(String level, boolean debug) {

    public static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public LoggingSettings {
        Objects.requireNonNull(level, "log.level");
        level = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(
                    "log.level must be one of TRACE, DEBUG, INFO, WARN, ERROR, was '" + level + "'");
        }
    }

    public static LoggingSettings defaults() {
        return new LoggingSettings("INFO", false);
    }

    /** The level actually applied: DEBUG when the debug switch is on. */
    public String effectiveLevel() {
        return debug && !"TRACE".equals(level) ? "DEBUG" : level;
    }
}
