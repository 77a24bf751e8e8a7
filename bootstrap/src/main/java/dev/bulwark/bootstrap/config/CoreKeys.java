package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.Sections.cache;
import static dev.bulwark.bootstrap.config.Sections.limits;
import static dev.bulwark.bootstrap.config.Sections.logFiles;
import static dev.bulwark.bootstrap.config.Sections.logging;
import static dev.bulwark.bootstrap.config.Sections.rateLimit;
import static dev.bulwark.bootstrap.config.Sections.requestState;
import static dev.bulwark.bootstrap.config.Sections.server;
import static dev.bulwark.bootstrap.config.Sections.stdio;

import dev.bulwark.core.config.Secret;
import dev.bulwark.ports.origin.ProtocolEra;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the core's settings ({@code server}, {@code log}, {@code cache}, {@code rate-limit}, {@code limits},
 * {@code stdio}, {@code request-state}), in catalogue order. Owner: {@code dev.bulwark.core.config}, whose records hold
 * every default and check every value; each key reads and sets one field of {@link ServerConfig#core()}. The exception
 * is the log files ({@code log.file}, {@code log.audit-file}, {@code log.file-*}): only the server jar configures
 * Logback, so their owner is {@link LogFileSettings} ({@link ServerConfig#logFiles()}).
 */
public final class CoreKeys {

    /** {@code server.name}: the MCP server name. */
    public static final ConfigKey<String> SERVER_NAME = ConfigKey.of(
            "server.name",
            "MCP_SERVER_NAME",
            "--server-name",
            ConfigType.STRING,
            "Name the server reports to MCP clients",
            config -> config.core().server().name(),
            (config, value) -> server(config, server -> server.withName(value)));

    /** {@code server.version}: the version the server reports. */
    public static final ConfigKey<String> SERVER_VERSION = ConfigKey.of(
            "server.version",
            "MCP_SERVER_VERSION",
            "--server-version",
            ConfigType.STRING,
            "Version the server reports to MCP clients",
            config -> config.core().server().version(),
            (config, value) -> server(config, server -> server.withVersion(value)));

    /** {@code server.environment}: where the server runs. */
    public static final ConfigKey<String> SERVER_ENVIRONMENT = ConfigKey.of(
            "server.environment",
            "ENVIRONMENT",
            "--environment",
            ConfigType.STRING,
            "Where the server runs, for example development or production",
            config -> config.core().server().environment(),
            (config, value) -> server(config, server -> server.withEnvironment(value)));

    /** {@code log.level}: the log level. */
    public static final ConfigKey<String> LOG_LEVEL = ConfigKey.of(
            "log.level",
            "MCP_LOG_LEVEL",
            "--log-level",
            ConfigType.LOG_LEVEL,
            "Log level: TRACE, DEBUG, INFO, WARN or ERROR (WARNING is read as WARN)",
            config -> config.core().logging().level(),
            (config, value) -> logging(config, logging -> logging.withLevel(value)));

    /** {@code log.debug}: the debug switch. */
    public static final ConfigKey<Boolean> LOG_DEBUG = ConfigKey.of(
            "log.debug",
            "MCP_DEBUG",
            "--debug",
            ConfigType.BOOLEAN,
            "Log at DEBUG level at least; never exposes internals to clients",
            config -> config.core().logging().debug(),
            (config, value) -> logging(config, logging -> logging.withDebug(value)));

    /** {@code log.audit-arguments}: whether audit log lines carry the tool call's arguments. */
    public static final ConfigKey<Boolean> LOG_AUDIT_ARGUMENTS = ConfigKey.of(
            "log.audit-arguments",
            "MCP_AUDIT_ARGUMENTS",
            "--audit-arguments",
            ConfigType.BOOLEAN,
            "Put each tool call's arguments (JSON) in its audit log line; they may hold personal data or secrets",
            config -> config.core().logging().auditArguments(),
            (config, value) -> logging(config, logging -> logging.withAuditArguments(value)));

    /** {@code log.file}: the JSON log file written besides stderr. */
    public static final ConfigKey<Optional<String>> LOG_FILE = ConfigKey.of(
            "log.file",
            "MCP_LOG_FILE",
            "--log-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON log file written besides stderr, rolled by size and daily, old files compressed; unset = stderr only",
            config -> config.logFiles().file(),
            (config, value) -> logFiles(config, files -> files.withFile(value)));

    /** {@code log.audit-file}: the audit stream's own JSON log file. */
    public static final ConfigKey<Optional<String>> LOG_AUDIT_FILE = ConfigKey.of(
            "log.audit-file",
            "MCP_AUDIT_FILE",
            "--audit-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON file of the audit stream alone, rolled like log.file; unset = the audit lines go where the others go",
            config -> config.logFiles().auditFile(),
            (config, value) -> logFiles(config, files -> files.withAuditFile(value)));

    /** {@code log.file-max-size}: the size at which a log file is rolled. */
    public static final ConfigKey<Long> LOG_FILE_MAX_SIZE = ConfigKey.of(
            "log.file-max-size",
            "MCP_LOG_FILE_MAX_SIZE",
            "--log-file-max-size",
            ConfigType.BYTE_SIZE,
            "Size at which a log file is rolled (compressed and a new one started); at least 1KiB",
            config -> config.logFiles().maxFileSize(),
            (config, value) -> logFiles(config, files -> files.withMaxFileSize(value)));

    /** {@code log.file-max-history}: days of rolled log files kept. */
    public static final ConfigKey<Integer> LOG_FILE_MAX_HISTORY = ConfigKey.of(
            "log.file-max-history",
            "MCP_LOG_FILE_MAX_HISTORY",
            "--log-file-max-history",
            ConfigType.INT,
            "Days of rolled log files kept; older ones are deleted",
            config -> config.logFiles().maxHistory(),
            (config, value) -> logFiles(config, files -> files.withMaxHistory(value)));

    /** {@code log.file-total-size-cap}: the size all the rolled files of one log file may take. */
    public static final ConfigKey<Long> LOG_FILE_TOTAL_SIZE_CAP = ConfigKey.of(
            "log.file-total-size-cap",
            "MCP_LOG_FILE_TOTAL_SIZE_CAP",
            "--log-file-total-size-cap",
            ConfigType.BYTE_SIZE,
            "Size all the rolled files of one log file may take; the oldest are deleted beyond it",
            config -> config.logFiles().totalSizeCap(),
            (config, value) -> logFiles(config, files -> files.withTotalSizeCap(value)));

    /** {@code cache.enabled}: whether tool results are cached. */
    public static final ConfigKey<Boolean> CACHE_ENABLED = ConfigKey.of(
            "cache.enabled",
            "MCP_CACHE_ENABLED",
            "--cache-enabled",
            ConfigType.BOOLEAN,
            "Cache the results of tools that declare a cache policy",
            config -> config.core().cache().enabled(),
            (config, value) -> cache(config, cache -> cache.withEnabled(value)));

    /** {@code cache.ttl}: the default cache TTL. */
    public static final ConfigKey<Duration> CACHE_TTL = ConfigKey.of(
            "cache.ttl",
            "CACHE_TTL",
            "--cache-ttl",
            ConfigType.DURATION,
            "How long results stay cached, for tools whose cache policy sets no TTL",
            config -> config.core().cache().defaultTtl(),
            (config, value) -> cache(config, cache -> cache.withDefaultTtl(value)));

    /** {@code cache.max-entries}: the size bound of the in-memory cache. */
    public static final ConfigKey<Integer> CACHE_MAX_ENTRIES = ConfigKey.of(
            "cache.max-entries",
            "MCP_CACHE_MAX_ENTRIES",
            "--cache-max-entries",
            ConfigType.INT,
            "Most entries the in-memory cache holds",
            config -> config.core().cache().maxEntries(),
            (config, value) -> cache(config, cache -> cache.withMaxEntries(value)));

    /** {@code rate-limit.enabled}: whether rate limiting applies. */
    public static final ConfigKey<Boolean> RATE_LIMIT_ENABLED = ConfigKey.of(
            "rate-limit.enabled",
            "MCP_RATE_LIMIT_ENABLED",
            "--rate-limit-enabled",
            ConfigType.BOOLEAN,
            "Apply the rate limit per principal and tool",
            config -> config.core().rateLimit().enabled(),
            (config, value) -> rateLimit(config, rateLimit -> rateLimit.withEnabled(value)));

    /** {@code rate-limit.per-minute}: calls per minute. */
    public static final ConfigKey<Long> RATE_LIMIT_PER_MINUTE = ConfigKey.of(
            "rate-limit.per-minute",
            "RATE_LIMIT",
            "--rate-limit",
            ConfigType.LONG,
            "Calls per minute per principal and tool, for tools that declare no limit",
            config -> config.core().rateLimit().perMinute(),
            (config, value) -> rateLimit(config, rateLimit -> rateLimit.withPerMinute(value)));

    /** {@code rate-limit.extra-burst}: calls accepted at once on top of the per-minute value; none unless set. */
    public static final ConfigKey<Long> RATE_LIMIT_EXTRA_BURST = ConfigKey.of(
            "rate-limit.extra-burst",
            "MCP_RATE_LIMIT_EXTRA_BURST",
            "--rate-limit-extra-burst",
            ConfigType.LONG,
            "Calls accepted at once on top of rate-limit.per-minute, per principal and tool; the window then"
                    + " stretches so the average stays per-minute (0: at most per-minute in any minute)",
            config -> config.core().rateLimit().extraBurst(),
            (config, value) -> rateLimit(config, rateLimit -> rateLimit.withExtraBurst(value)));

    /** {@code rate-limit.local-fallback-percent}: the share of a limit an instance grants alone. */
    public static final ConfigKey<Integer> RATE_LIMIT_LOCAL_FALLBACK_PERCENT = ConfigKey.of(
            "rate-limit.local-fallback-percent",
            "MCP_RATE_LIMIT_LOCAL_FALLBACK_PERCENT",
            "--rate-limit-local-fallback-percent",
            ConfigType.INT,
            "Share of each rate limit, in percent (1 to 100), that an instance grants on its own while the shared"
                    + " store (Redis) fails",
            config -> config.core().rateLimit().localFallbackPercent(),
            (config, value) -> rateLimit(config, rateLimit -> rateLimit.withLocalFallbackPercent(value)));

    /** {@code limits.max-request-size}: the largest request accepted. */
    public static final ConfigKey<Long> MAX_REQUEST_SIZE = ConfigKey.of(
            "limits.max-request-size",
            "MAX_REQUEST_SIZE",
            "--max-request-size",
            ConfigType.BYTE_SIZE,
            "Largest request (and process_data payload) accepted; a plain number is bytes",
            config -> config.core().limits().maxRequestBytes(),
            (config, value) -> limits(config, limits -> limits.maxRequestBytes(value)));

    /** {@code limits.max-result-size}: the largest tool result, resource or prompt sent. */
    public static final ConfigKey<Long> MAX_RESULT_SIZE = ConfigKey.of(
            "limits.max-result-size",
            "MAX_RESULT_SIZE",
            "--max-result-size",
            ConfigType.BYTE_SIZE,
            "Largest tool result, resource or prompt sent, as JSON; a larger one is answered with an error",
            config -> config.core().limits().maxResultBytes(),
            (config, value) -> limits(config, limits -> limits.maxResultBytes(value)));

    /** {@code limits.tool-timeout}: the timeout of tools that declare none. */
    public static final ConfigKey<Duration> TOOL_TIMEOUT = ConfigKey.of(
            "limits.tool-timeout",
            "MCP_TOOL_TIMEOUT",
            "--tool-timeout",
            ConfigType.DURATION,
            "Timeout of tools that declare none",
            config -> config.core().limits().toolTimeout(),
            (config, value) -> limits(config, limits -> limits.toolTimeout(value)));

    /** {@code limits.max-concurrent-calls}: tool calls running at once in the server. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS = ConfigKey.of(
            "limits.max-concurrent-calls",
            "MCP_MAX_CONCURRENT_CALLS",
            "--max-concurrent-calls",
            ConfigType.INT,
            "Tool calls running at once in the whole server",
            config -> config.core().limits().maxConcurrentCalls(),
            (config, value) -> limits(config, limits -> limits.maxConcurrentCalls(value)));

    /** {@code limits.max-concurrent-calls-per-tool}: tool calls running at once per tool. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS_PER_TOOL = ConfigKey.of(
            "limits.max-concurrent-calls-per-tool",
            "MCP_MAX_CONCURRENT_CALLS_PER_TOOL",
            "--max-concurrent-calls-per-tool",
            ConfigType.INT,
            "Tool calls running at once per tool, for tools that declare no limit",
            config -> config.core().limits().maxConcurrentCallsPerTool(),
            (config, value) -> limits(config, limits -> limits.maxConcurrentCallsPerTool(value)));

    /** {@code stdio.principal}: the local operator's subject over stdio. */
    public static final ConfigKey<String> STDIO_PRINCIPAL = ConfigKey.of(
            "stdio.principal",
            "MCP_STDIO_PRINCIPAL",
            "--stdio-principal",
            ConfigType.STRING,
            "Subject of the local operator over stdio, in logs, rate limits and private cache entries",
            config -> config.core().stdio().principal(),
            (config, value) -> stdio(config, stdio -> stdio.withPrincipal(value)));

    /** {@code stdio.scopes}: the local operator's scopes over stdio. */
    public static final ConfigKey<Set<String>> STDIO_SCOPES = ConfigKey.of(
            "stdio.scopes",
            "MCP_STDIO_SCOPES",
            "--stdio-scopes",
            ConfigType.LIST,
            "Scopes of the local operator over stdio, comma-separated; * grants all",
            config -> config.core().stdio().scopes(),
            (config, value) -> stdio(config, stdio -> stdio.withScopes(value)));

    /** {@code request-state.key}: the HMAC key that signs the state of 2026-era multi round-trip requests. */
    public static final ConfigKey<Optional<Secret>> REQUEST_STATE_KEY = ConfigKey.of(
                    "request-state.key",
                    "MCP_REQUEST_STATE_KEY",
                    "--request-state-key",
                    ConfigType.SECRET,
                    "HMAC-SHA256 key of the requestState of MCP " + ProtocolEra.REQUESTS_2026_07_28.version()
                            + " multi round-trip requests, at least 32 bytes;"
                            + " the same on every instance of a fleet; unset = a random key per process",
                    config -> config.core().requestState().key(),
                    (config, value) -> requestState(config, state -> state.withKey(value)))
            .asSecret();

    /** {@code request-state.ttl}: how long a signed request state may be continued. */
    public static final ConfigKey<Duration> REQUEST_STATE_TTL = ConfigKey.of(
            "request-state.ttl",
            "MCP_REQUEST_STATE_TTL",
            "--request-state-ttl",
            ConfigType.DURATION,
            "How long a client may take to answer an input_required result of MCP "
                    + ProtocolEra.REQUESTS_2026_07_28.version() + " (1s-24h)",
            config -> config.core().requestState().ttl(),
            (config, value) -> requestState(config, state -> state.withTtl(value)));

    private static final List<ConfigKey<?>> ALL = List.of(
            SERVER_NAME,
            SERVER_VERSION,
            SERVER_ENVIRONMENT,
            LOG_LEVEL,
            LOG_DEBUG,
            LOG_AUDIT_ARGUMENTS,
            LOG_FILE,
            LOG_AUDIT_FILE,
            LOG_FILE_MAX_SIZE,
            LOG_FILE_MAX_HISTORY,
            LOG_FILE_TOTAL_SIZE_CAP,
            CACHE_ENABLED,
            CACHE_TTL,
            CACHE_MAX_ENTRIES,
            RATE_LIMIT_ENABLED,
            RATE_LIMIT_PER_MINUTE,
            RATE_LIMIT_EXTRA_BURST,
            RATE_LIMIT_LOCAL_FALLBACK_PERCENT,
            MAX_REQUEST_SIZE,
            MAX_RESULT_SIZE,
            TOOL_TIMEOUT,
            MAX_CONCURRENT_CALLS,
            MAX_CONCURRENT_CALLS_PER_TOOL,
            STDIO_PRINCIPAL,
            STDIO_SCOPES,
            REQUEST_STATE_KEY,
            REQUEST_STATE_TTL);

    private CoreKeys() {}

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
