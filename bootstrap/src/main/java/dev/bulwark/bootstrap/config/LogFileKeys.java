package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the JSON log files besides stderr ({@code log.file}, {@code log.audit-file}, {@code log.file-*}), in
 * catalogue order. Only the server jar configures Logback, so their owner is its {@link LogFileSettings}.
 */
public final class LogFileKeys {

    /** {@code log.file}: the JSON log file written besides stderr. */
    public static final ConfigKey<LogFileSettings, Optional<String>> LOG_FILE = ConfigKey.of(
            "log.file",
            "MCP_LOG_FILE",
            "--log-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON log file written besides stderr, rolled by size and daily, old files compressed; unset = stderr only",
            LogFileSettings::file,
            (settings, value) -> settings.withFile(value));

    /** {@code log.audit-file}: the audit stream's own JSON log file. */
    public static final ConfigKey<LogFileSettings, Optional<String>> LOG_AUDIT_FILE = ConfigKey.of(
            "log.audit-file",
            "MCP_AUDIT_FILE",
            "--audit-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON file of the audit stream alone, rolled like log.file; unset = the audit lines go where the others go",
            LogFileSettings::auditFile,
            (settings, value) -> settings.withAuditFile(value));

    /** {@code log.file-max-size}: the size at which a log file is rolled. */
    public static final ConfigKey<LogFileSettings, Long> LOG_FILE_MAX_SIZE = ConfigKey.of(
            "log.file-max-size",
            "MCP_LOG_FILE_MAX_SIZE",
            "--log-file-max-size",
            ConfigType.BYTE_SIZE,
            "Size at which a log file is rolled (compressed and a new one started); at least 1KiB",
            LogFileSettings::maxFileSize,
            (settings, value) -> settings.withMaxFileSize(value));

    /** {@code log.file-max-history}: days of rolled log files kept. */
    public static final ConfigKey<LogFileSettings, Integer> LOG_FILE_MAX_HISTORY = ConfigKey.of(
            "log.file-max-history",
            "MCP_LOG_FILE_MAX_HISTORY",
            "--log-file-max-history",
            ConfigType.INT,
            "Days of rolled log files kept; older ones are deleted",
            LogFileSettings::maxHistory,
            (settings, value) -> settings.withMaxHistory(value));

    /** {@code log.file-total-size-cap}: the size all the rolled files of one log file may take. */
    public static final ConfigKey<LogFileSettings, Long> LOG_FILE_TOTAL_SIZE_CAP = ConfigKey.of(
            "log.file-total-size-cap",
            "MCP_LOG_FILE_TOTAL_SIZE_CAP",
            "--log-file-total-size-cap",
            ConfigType.BYTE_SIZE,
            "Size all the rolled files of one log file may take; the oldest are deleted beyond it",
            LogFileSettings::totalSizeCap,
            (settings, value) -> settings.withTotalSizeCap(value));

    private static final List<ConfigKey<LogFileSettings, ?>> ALL =
            List.of(LOG_FILE, LOG_AUDIT_FILE, LOG_FILE_MAX_SIZE, LOG_FILE_MAX_HISTORY, LOG_FILE_TOTAL_SIZE_CAP);

    private LogFileKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<LogFileSettings, ?>> all() {
        return ALL;
    }
}
