package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How much the server logs.
 *
 * @param level one of TRACE, DEBUG, INFO, WARN, ERROR ({@code MCP_LOG_LEVEL})
 * @param debug {@code MCP_DEBUG}: forces DEBUG level
 * @param auditArguments {@code MCP_AUDIT_ARGUMENTS}: whether audit lines carry the call's arguments (off by default)
 */
public record LoggingSettings(String level, boolean debug, boolean auditArguments) {

    public static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    public static final String DEFAULT_LEVEL = "INFO";

    public LoggingSettings {
        Objects.requireNonNull(level, "log.level");
        level = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw ConfigProblem.of("log.level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR, was '" + level + "'")
                    .refusal();
        }
    }

    public static LoggingSettings defaults() {
        return new LoggingSettings(DEFAULT_LEVEL, false, false);
    }

    /** The level actually applied: DEBUG when the debug switch is on. */
    public String effectiveLevel() {
        return debug && !"TRACE".equals(level) ? "DEBUG" : level;
    }

    /** A copy with {@code level} replaced. */
    public LoggingSettings withLevel(String value) {
        return new LoggingSettings(value, debug, auditArguments);
    }

    /** A copy with {@code debug} replaced. */
    public LoggingSettings withDebug(boolean value) {
        return new LoggingSettings(level, value, auditArguments);
    }

    /** A copy with {@code auditArguments} replaced. */
    public LoggingSettings withAuditArguments(boolean value) {
        return new LoggingSettings(level, debug, value);
    }
}
