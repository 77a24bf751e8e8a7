package dev.bulwark.core.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.ports.origin.ProtocolEra;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys of the core's settings ({@code server}, {@code log} but the log files, {@code cache}, {@code rate-limit},
 * {@code limits}, {@code stdio}, {@code request-state}, {@code auth.filter-tool-list}), one table per record of this
 * package, each in catalogue order: each key reads and sets one component of its record.
 */
public final class CoreKeys {

    /** {@code server.name}: the MCP server name. */
    public static final ConfigKey<ServerSettings, String> SERVER_NAME = ConfigKey.of(
            "server.name",
            "MCP_SERVER_NAME",
            "--server-name",
            ConfigType.STRING,
            "Name the server reports to MCP clients",
            ServerSettings::name,
            (settings, value) -> settings.withName(value));

    /** {@code server.version}: the version the server reports. */
    public static final ConfigKey<ServerSettings, String> SERVER_VERSION = ConfigKey.of(
            "server.version",
            "MCP_SERVER_VERSION",
            "--server-version",
            ConfigType.STRING,
            "Version the server reports to MCP clients",
            ServerSettings::version,
            (settings, value) -> settings.withVersion(value));

    /** {@code server.environment}: where the server runs. */
    public static final ConfigKey<ServerSettings, String> SERVER_ENVIRONMENT = ConfigKey.of(
            "server.environment",
            "ENVIRONMENT",
            "--environment",
            ConfigType.STRING,
            "Where the server runs, for example development or production",
            ServerSettings::environment,
            (settings, value) -> settings.withEnvironment(value));

    /** {@code log.level}: the log level. */
    public static final ConfigKey<LoggingSettings, String> LOG_LEVEL = ConfigKey.of(
            "log.level",
            "MCP_LOG_LEVEL",
            "--log-level",
            ConfigType.LOG_LEVEL,
            "Log level: TRACE, DEBUG, INFO, WARN or ERROR (WARNING is read as WARN)",
            LoggingSettings::level,
            (settings, value) -> settings.withLevel(value));

    /** {@code log.debug}: the debug switch. */
    public static final ConfigKey<LoggingSettings, Boolean> LOG_DEBUG = ConfigKey.of(
            "log.debug",
            "MCP_DEBUG",
            "--debug",
            ConfigType.BOOLEAN,
            "Log at DEBUG level at least; never exposes internals to clients",
            LoggingSettings::debug,
            (settings, value) -> settings.withDebug(value));

    /** {@code log.audit-arguments}: whether audit log lines carry the tool call's arguments. */
    public static final ConfigKey<LoggingSettings, Boolean> LOG_AUDIT_ARGUMENTS = ConfigKey.of(
            "log.audit-arguments",
            "MCP_AUDIT_ARGUMENTS",
            "--audit-arguments",
            ConfigType.BOOLEAN,
            "Put each tool call's arguments (JSON) in its audit log line; they may hold personal data or secrets",
            LoggingSettings::auditArguments,
            (settings, value) -> settings.withAuditArguments(value));

    /** {@code cache.enabled}: whether tool results are cached. */
    public static final ConfigKey<CacheSettings, Boolean> CACHE_ENABLED = ConfigKey.of(
            "cache.enabled",
            "MCP_CACHE_ENABLED",
            "--cache-enabled",
            ConfigType.BOOLEAN,
            "Cache the results of tools that declare a cache policy",
            CacheSettings::enabled,
            (settings, value) -> settings.withEnabled(value));

    /** {@code cache.ttl}: the default cache TTL. */
    public static final ConfigKey<CacheSettings, Duration> CACHE_TTL = ConfigKey.of(
            "cache.ttl",
            "CACHE_TTL",
            "--cache-ttl",
            ConfigType.DURATION,
            "How long results stay cached, for tools whose cache policy sets no TTL",
            CacheSettings::defaultTtl,
            (settings, value) -> settings.withDefaultTtl(value));

    /** {@code cache.max-entries}: the size bound of the in-memory cache. */
    public static final ConfigKey<CacheSettings, Integer> CACHE_MAX_ENTRIES = ConfigKey.of(
            "cache.max-entries",
            "MCP_CACHE_MAX_ENTRIES",
            "--cache-max-entries",
            ConfigType.INT,
            "Most entries the in-memory cache holds",
            CacheSettings::maxEntries,
            (settings, value) -> settings.withMaxEntries(value));

    /** {@code rate-limit.enabled}: whether rate limiting applies. */
    public static final ConfigKey<RateLimitSettings, Boolean> RATE_LIMIT_ENABLED = ConfigKey.of(
            "rate-limit.enabled",
            "MCP_RATE_LIMIT_ENABLED",
            "--rate-limit-enabled",
            ConfigType.BOOLEAN,
            "Apply the rate limit per principal and tool",
            RateLimitSettings::enabled,
            (settings, value) -> settings.withEnabled(value));

    /** {@code rate-limit.per-minute}: calls per minute. */
    public static final ConfigKey<RateLimitSettings, Long> RATE_LIMIT_PER_MINUTE = ConfigKey.of(
            "rate-limit.per-minute",
            "RATE_LIMIT",
            "--rate-limit",
            ConfigType.LONG,
            "Calls per minute per principal and tool, for tools that declare no limit",
            RateLimitSettings::perMinute,
            (settings, value) -> settings.withPerMinute(value));

    /** {@code rate-limit.extra-burst}: calls accepted at once on top of the per-minute value; none unless set. */
    public static final ConfigKey<RateLimitSettings, Long> RATE_LIMIT_EXTRA_BURST = ConfigKey.of(
            "rate-limit.extra-burst",
            "MCP_RATE_LIMIT_EXTRA_BURST",
            "--rate-limit-extra-burst",
            ConfigType.LONG,
            "Calls accepted at once on top of rate-limit.per-minute, per principal and tool; the window then"
                    + " stretches so the average stays per-minute (0: at most per-minute in any minute)",
            RateLimitSettings::extraBurst,
            (settings, value) -> settings.withExtraBurst(value));

    /** {@code rate-limit.local-fallback-percent}: the share of a limit an instance grants alone. */
    public static final ConfigKey<RateLimitSettings, Integer> RATE_LIMIT_LOCAL_FALLBACK_PERCENT = ConfigKey.of(
            "rate-limit.local-fallback-percent",
            "MCP_RATE_LIMIT_LOCAL_FALLBACK_PERCENT",
            "--rate-limit-local-fallback-percent",
            ConfigType.INT,
            "Share of each rate limit, in percent (1 to 100), that an instance grants on its own while the shared"
                    + " store (Redis) fails",
            RateLimitSettings::localFallbackPercent,
            (settings, value) -> settings.withLocalFallbackPercent(value));

    /** {@code limits.max-request-size}: the largest request accepted. */
    public static final ConfigKey<LimitSettings, Long> MAX_REQUEST_SIZE = ConfigKey.of(
            "limits.max-request-size",
            "MAX_REQUEST_SIZE",
            "--max-request-size",
            ConfigType.BYTE_SIZE,
            "Largest request (and process_data payload) accepted; a plain number is bytes",
            LimitSettings::maxRequestBytes,
            (settings, value) -> with(settings, limits -> limits.maxRequestBytes(value)));

    /** {@code limits.max-result-size}: the largest tool result, resource or prompt sent. */
    public static final ConfigKey<LimitSettings, Long> MAX_RESULT_SIZE = ConfigKey.of(
            "limits.max-result-size",
            "MAX_RESULT_SIZE",
            "--max-result-size",
            ConfigType.BYTE_SIZE,
            "Largest tool result, resource or prompt sent, as JSON; a larger one is answered with an error",
            LimitSettings::maxResultBytes,
            (settings, value) -> with(settings, limits -> limits.maxResultBytes(value)));

    /** {@code limits.tool-timeout}: the timeout of tools that declare none. */
    public static final ConfigKey<LimitSettings, Duration> TOOL_TIMEOUT = ConfigKey.of(
            "limits.tool-timeout",
            "MCP_TOOL_TIMEOUT",
            "--tool-timeout",
            ConfigType.DURATION,
            "Timeout of tools that declare none",
            LimitSettings::toolTimeout,
            (settings, value) -> with(settings, limits -> limits.toolTimeout(value)));

    /** {@code limits.max-concurrent-calls}: tool calls running at once in the server. */
    public static final ConfigKey<LimitSettings, Integer> MAX_CONCURRENT_CALLS = ConfigKey.of(
            "limits.max-concurrent-calls",
            "MCP_MAX_CONCURRENT_CALLS",
            "--max-concurrent-calls",
            ConfigType.INT,
            "Tool calls running at once in the whole server",
            LimitSettings::maxConcurrentCalls,
            (settings, value) -> with(settings, limits -> limits.maxConcurrentCalls(value)));

    /** {@code limits.max-concurrent-calls-per-tool}: tool calls running at once per tool. */
    public static final ConfigKey<LimitSettings, Integer> MAX_CONCURRENT_CALLS_PER_TOOL = ConfigKey.of(
            "limits.max-concurrent-calls-per-tool",
            "MCP_MAX_CONCURRENT_CALLS_PER_TOOL",
            "--max-concurrent-calls-per-tool",
            ConfigType.INT,
            "Tool calls running at once per tool, for tools that declare no limit",
            LimitSettings::maxConcurrentCallsPerTool,
            (settings, value) -> with(settings, limits -> limits.maxConcurrentCallsPerTool(value)));

    /** {@code stdio.principal}: the local operator's subject over stdio. */
    public static final ConfigKey<StdioSettings, String> STDIO_PRINCIPAL = ConfigKey.of(
            "stdio.principal",
            "MCP_STDIO_PRINCIPAL",
            "--stdio-principal",
            ConfigType.STRING,
            "Subject of the local operator over stdio, in logs, rate limits and private cache entries",
            StdioSettings::principal,
            (settings, value) -> settings.withPrincipal(value));

    /** {@code stdio.scopes}: the local operator's scopes over stdio. */
    public static final ConfigKey<StdioSettings, Set<String>> STDIO_SCOPES = ConfigKey.of(
            "stdio.scopes",
            "MCP_STDIO_SCOPES",
            "--stdio-scopes",
            ConfigType.LIST,
            "Scopes of the local operator over stdio, comma-separated; * grants all",
            StdioSettings::scopes,
            (settings, value) -> settings.withScopes(value));

    /** {@code request-state.key}: the HMAC key that signs the state of 2026-era multi round-trip requests. */
    public static final ConfigKey<RequestStateSettings, Optional<String>> REQUEST_STATE_KEY = ConfigKey.of(
            "request-state.key",
            "MCP_REQUEST_STATE_KEY",
            "--request-state-key",
            ConfigType.SECRET,
            "HMAC-SHA256 key of the requestState of MCP " + ProtocolEra.REQUESTS_2026_07_28.version()
                    + " multi round-trip requests, at least 32 bytes;"
                    + " the same on every instance of a fleet; unset = a random key per process",
            settings -> settings.key().map(Secret::reveal),
            (settings, value) -> settings.withKey(value.map(Secret::of)));

    /** {@code request-state.ttl}: how long a signed request state may be continued. */
    public static final ConfigKey<RequestStateSettings, Duration> REQUEST_STATE_TTL = ConfigKey.of(
            "request-state.ttl",
            "MCP_REQUEST_STATE_TTL",
            "--request-state-ttl",
            ConfigType.DURATION,
            "How long a client may take to answer an input_required result of MCP "
                    + ProtocolEra.REQUESTS_2026_07_28.version() + " (1s-24h)",
            RequestStateSettings::ttl,
            (settings, value) -> settings.withTtl(value));

    /** {@code auth.filter-tool-list}. */
    public static final ConfigKey<ToolListSettings, Boolean> AUTH_FILTER_TOOL_LIST = ConfigKey.of(
            "auth.filter-tool-list",
            "MCP_FILTER_TOOL_LIST",
            "--filter-tool-list",
            ConfigType.BOOLEAN,
            "Show each caller in tools/list and prompts/list only the tools and prompts its scopes let it use",
            ToolListSettings::filterByScope,
            ToolListSettings::withFilterByScope);

    /** {@code limits.tool-list-page-size}: the most items one page of {@code tools/list} or another list holds. */
    public static final ConfigKey<ToolListSettings, Integer> TOOL_LIST_PAGE_SIZE = ConfigKey.of(
            "limits.tool-list-page-size",
            "MCP_TOOL_LIST_PAGE_SIZE",
            "--tool-list-page-size",
            ConfigType.INT,
            "Most items in one tools/list, prompts/list, resources/list or resources/templates/list answer;"
                    + " nextCursor leads to the rest (1-" + ToolListSettings.MAX_PAGE_SIZE + ")",
            ToolListSettings::pageSize,
            ToolListSettings::withPageSize);

    private static final List<ConfigKey<ServerSettings, ?>> SERVER =
            List.of(SERVER_NAME, SERVER_VERSION, SERVER_ENVIRONMENT);
    private static final List<ConfigKey<LoggingSettings, ?>> LOGGING =
            List.of(LOG_LEVEL, LOG_DEBUG, LOG_AUDIT_ARGUMENTS);
    private static final List<ConfigKey<CacheSettings, ?>> CACHE = List.of(CACHE_ENABLED, CACHE_TTL, CACHE_MAX_ENTRIES);
    private static final List<ConfigKey<RateLimitSettings, ?>> RATE_LIMIT = List.of(
            RATE_LIMIT_ENABLED, RATE_LIMIT_PER_MINUTE, RATE_LIMIT_EXTRA_BURST, RATE_LIMIT_LOCAL_FALLBACK_PERCENT);
    private static final List<ConfigKey<LimitSettings, ?>> LIMITS = List.of(
            MAX_REQUEST_SIZE, MAX_RESULT_SIZE, TOOL_TIMEOUT, MAX_CONCURRENT_CALLS, MAX_CONCURRENT_CALLS_PER_TOOL);
    private static final List<ConfigKey<StdioSettings, ?>> STDIO = List.of(STDIO_PRINCIPAL, STDIO_SCOPES);
    private static final List<ConfigKey<RequestStateSettings, ?>> REQUEST_STATE =
            List.of(REQUEST_STATE_KEY, REQUEST_STATE_TTL);
    private static final List<ConfigKey<ToolListSettings, ?>> TOOL_LIST =
            List.of(AUTH_FILTER_TOOL_LIST, TOOL_LIST_PAGE_SIZE);

    private CoreKeys() {}

    /** The keys of {@link ServerSettings}, in catalogue order. */
    public static List<ConfigKey<ServerSettings, ?>> server() {
        return SERVER;
    }

    /** The keys of {@link LoggingSettings}, in catalogue order. */
    public static List<ConfigKey<LoggingSettings, ?>> logging() {
        return LOGGING;
    }

    /** The keys of {@link CacheSettings}, in catalogue order. */
    public static List<ConfigKey<CacheSettings, ?>> cache() {
        return CACHE;
    }

    /** The keys of {@link RateLimitSettings}, in catalogue order. */
    public static List<ConfigKey<RateLimitSettings, ?>> rateLimit() {
        return RATE_LIMIT;
    }

    /** The keys of {@link LimitSettings}, in catalogue order. */
    public static List<ConfigKey<LimitSettings, ?>> limits() {
        return LIMITS;
    }

    /** The keys of {@link StdioSettings}, in catalogue order. */
    public static List<ConfigKey<StdioSettings, ?>> stdio() {
        return STDIO;
    }

    /** The keys of {@link RequestStateSettings}, in catalogue order. */
    public static List<ConfigKey<RequestStateSettings, ?>> requestState() {
        return REQUEST_STATE;
    }

    /**
     * The keys of {@link ToolListSettings}: {@code auth.filter-tool-list} and {@code limits.tool-list-page-size},
     * read over every transport.
     */
    public static List<ConfigKey<ToolListSettings, ?>> toolList() {
        return TOOL_LIST;
    }

    private static LimitSettings with(LimitSettings settings, UnaryOperator<LimitSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
