package dev.bulwark.bootstrap.config;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of every configuration key, in the order {@code --help} and the docs list them. Each key maps onto
 * exactly one field of {@link BulwarkConfig}; the defaults are read from {@link BulwarkConfig#defaults()}.
 *
 * <p>To add a key: add the field to the core record, add a constant here and put it in {@link #all()}, then add its
 * row to {@code docs/configuration.md} (a test fails until you do).
 */
public final class ConfigKeys {

    /** {@code server.name}: the MCP server name. */
    public static final ConfigKey<String> SERVER_NAME = ConfigKey.of(
            "server.name", "MCP_SERVER_NAME", "--server-name", ConfigType.STRING,
            "Name the server reports to MCP clients",
            config -> config.server().name(),
            (config, value) -> withServer(config,
                    new ServerSettings(value, config.server().version(), config.server().environment())));

    /** {@code server.version}: the version the server reports. */
    public static final ConfigKey<String> SERVER_VERSION = ConfigKey.of(
            "server.version", "MCP_SERVER_VERSION", "--server-version", ConfigType.STRING,
            "Version the server reports to MCP clients",
            config -> config.server().version(),
            (config, value) -> withServer(config,
                    new ServerSettings(config.server().name(), value, config.server().environment())));

    /** {@code server.environment}: where the server runs. */
    public static final ConfigKey<String> SERVER_ENVIRONMENT = ConfigKey.of(
            "server.environment", "ENVIRONMENT", "--environment", ConfigType.STRING,
            "Where the server runs, for example development or production",
            config -> config.server().environment(),
            (config, value) -> withServer(config,
                    new ServerSettings(config.server().name(), config.server().version(), value)));

    /** {@code log.level}: the log level. */
    public static final ConfigKey<String> LOG_LEVEL = ConfigKey.of(
            "log.level", "MCP_LOG_LEVEL", "--log-level", ConfigType.LOG_LEVEL,
            "Log level: TRACE, DEBUG, INFO, WARN or ERROR (WARNING is read as WARN)",
            config -> config.logging().level(),
            (config, value) -> withLogging(config, new LoggingSettings(value, config.logging().debug())));

    /** {@code log.debug}: the debug switch. */
    public static final ConfigKey<Boolean> LOG_DEBUG = ConfigKey.of(
            "log.debug", "MCP_DEBUG", "--debug", ConfigType.BOOLEAN,
            "Log at DEBUG level at least; never exposes internals to clients",
            config -> config.logging().debug(),
            (config, value) -> withLogging(config, new LoggingSettings(config.logging().level(), value)));

    /** {@code cache.enabled}: whether tool results are cached. */
    public static final ConfigKey<Boolean> CACHE_ENABLED = ConfigKey.of(
            "cache.enabled", "MCP_CACHE_ENABLED", "--cache-enabled", ConfigType.BOOLEAN,
            "Cache the results of tools that declare a cache policy",
            config -> config.cache().enabled(),
            (config, value) -> withCache(config,
                    new CacheSettings(value, config.cache().defaultTtl(), config.cache().maxEntries())));

    /** {@code cache.ttl}: the default cache TTL. */
    public static final ConfigKey<Duration> CACHE_TTL = ConfigKey.of(
            "cache.ttl", "CACHE_TTL", "--cache-ttl", ConfigType.DURATION,
            "How long results stay cached, for tools whose cache policy sets no TTL",
            config -> config.cache().defaultTtl(),
            (config, value) -> withCache(config,
                    new CacheSettings(config.cache().enabled(), value, config.cache().maxEntries())));

    /** {@code cache.max-entries}: the size bound of the in-memory cache. */
    public static final ConfigKey<Integer> CACHE_MAX_ENTRIES = ConfigKey.of(
            "cache.max-entries", "MCP_CACHE_MAX_ENTRIES", "--cache-max-entries", ConfigType.INT,
            "Most entries the in-memory cache holds",
            config -> config.cache().maxEntries(),
            (config, value) -> withCache(config,
                    new CacheSettings(config.cache().enabled(), config.cache().defaultTtl(), value)));

    /** {@code rate-limit.enabled}: whether rate limiting applies. */
    public static final ConfigKey<Boolean> RATE_LIMIT_ENABLED = ConfigKey.of(
            "rate-limit.enabled", "MCP_RATE_LIMIT_ENABLED", "--rate-limit-enabled", ConfigType.BOOLEAN,
            "Apply the rate limit per principal and tool",
            config -> config.rateLimit().enabled(),
            (config, value) -> withRateLimit(config,
                    new RateLimitSettings(value, config.rateLimit().perMinute(), config.rateLimit().burst())));

    /** {@code rate-limit.per-minute}: calls per minute. */
    public static final ConfigKey<Long> RATE_LIMIT_PER_MINUTE = ConfigKey.of(
            "rate-limit.per-minute", "RATE_LIMIT", "--rate-limit", ConfigType.LONG,
            "Calls per minute per principal and tool, for tools that declare no limit",
            config -> config.rateLimit().perMinute(),
            (config, value) -> withRateLimit(config,
                    new RateLimitSettings(config.rateLimit().enabled(), value, config.rateLimit().burst())));

    /** {@code rate-limit.burst}: calls that may arrive at once; the per-minute value unless set. */
    public static final ConfigKey<Long> RATE_LIMIT_BURST = ConfigKey.of(
            "rate-limit.burst", "MCP_RATE_LIMIT_BURST", "--rate-limit-burst", ConfigType.LONG,
            "Calls that may arrive at once, per principal and tool",
            config -> config.rateLimit().burst(),
            (config, value) -> withRateLimit(config,
                    new RateLimitSettings(config.rateLimit().enabled(), config.rateLimit().perMinute(), value)))
            .defaultingTo(RATE_LIMIT_PER_MINUTE);

    /** {@code limits.max-request-size}: the largest request accepted. */
    public static final ConfigKey<Long> MAX_REQUEST_SIZE = ConfigKey.of(
            "limits.max-request-size", "MAX_REQUEST_SIZE", "--max-request-size", ConfigType.BYTE_SIZE,
            "Largest request (and process_data payload) accepted; a plain number is bytes",
            config -> config.limits().maxRequestBytes(),
            (config, value) -> withLimits(config, new LimitSettings(value, config.limits().toolTimeout(),
                    config.limits().maxConcurrentCalls(), config.limits().maxConcurrentCallsPerTool())));

    /** {@code limits.tool-timeout}: the timeout of tools that declare none. */
    public static final ConfigKey<Duration> TOOL_TIMEOUT = ConfigKey.of(
            "limits.tool-timeout", "MCP_TOOL_TIMEOUT", "--tool-timeout", ConfigType.DURATION,
            "Timeout of tools that declare none",
            config -> config.limits().toolTimeout(),
            (config, value) -> withLimits(config, new LimitSettings(config.limits().maxRequestBytes(), value,
                    config.limits().maxConcurrentCalls(), config.limits().maxConcurrentCallsPerTool())));

    /** {@code limits.max-concurrent-calls}: tool calls running at once in the server. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS = ConfigKey.of(
            "limits.max-concurrent-calls", "MCP_MAX_CONCURRENT_CALLS", "--max-concurrent-calls", ConfigType.INT,
            "Tool calls running at once in the whole server",
            config -> config.limits().maxConcurrentCalls(),
            (config, value) -> withLimits(config, new LimitSettings(config.limits().maxRequestBytes(),
                    config.limits().toolTimeout(), value, config.limits().maxConcurrentCallsPerTool())));

    /** {@code limits.max-concurrent-calls-per-tool}: tool calls running at once per tool. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS_PER_TOOL = ConfigKey.of(
            "limits.max-concurrent-calls-per-tool", "MCP_MAX_CONCURRENT_CALLS_PER_TOOL",
            "--max-concurrent-calls-per-tool", ConfigType.INT,
            "Tool calls running at once per tool, for tools that declare no limit",
            config -> config.limits().maxConcurrentCallsPerTool(),
            (config, value) -> withLimits(config, new LimitSettings(config.limits().maxRequestBytes(),
                    config.limits().toolTimeout(), config.limits().maxConcurrentCalls(), value)));

    /** {@code stdio.principal}: the local operator's subject over stdio. */
    public static final ConfigKey<String> STDIO_PRINCIPAL = ConfigKey.of(
            "stdio.principal", "MCP_STDIO_PRINCIPAL", "--stdio-principal", ConfigType.STRING,
            "Subject of the local operator over stdio, in logs, rate limits and private cache entries",
            config -> config.stdio().principal(),
            (config, value) -> withStdio(config, new StdioSettings(value, config.stdio().scopes())));

    /** {@code stdio.scopes}: the local operator's scopes over stdio. */
    public static final ConfigKey<Set<String>> STDIO_SCOPES = ConfigKey.of(
            "stdio.scopes", "MCP_STDIO_SCOPES", "--stdio-scopes", ConfigType.LIST,
            "Scopes of the local operator over stdio, comma-separated; * grants all",
            config -> config.stdio().scopes(),
            (config, value) -> withStdio(config, new StdioSettings(config.stdio().principal(), value)));

    private static final List<ConfigKey<?>> ALL = List.of(
            SERVER_NAME,
            SERVER_VERSION,
            SERVER_ENVIRONMENT,
            LOG_LEVEL,
            LOG_DEBUG,
            CACHE_ENABLED,
            CACHE_TTL,
            CACHE_MAX_ENTRIES,
            RATE_LIMIT_ENABLED,
            RATE_LIMIT_PER_MINUTE,
            RATE_LIMIT_BURST,
            MAX_REQUEST_SIZE,
            TOOL_TIMEOUT,
            MAX_CONCURRENT_CALLS,
            MAX_CONCURRENT_CALLS_PER_TOOL,
            STDIO_PRINCIPAL,
            STDIO_SCOPES);

    static {
        validate(ALL);
    }

    private ConfigKeys() {
    }

    /** Every key, in catalogue order. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    /** The key with this dotted path, if any. */
    public static Optional<ConfigKey<?>> byPath(String path) {
        return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
    }

    /**
     * Checks that a catalogue is coherent: paths, environment variables and flags unique (launcher options
     * included), no path nested under another, and every {@link ConfigKey#defaultsTo()} naming a key of the
     * catalogue that has no default of its own to follow.
     *
     * @return {@code keys}, for chaining
     * @throws IllegalArgumentException naming the first clash found
     */
    public static List<ConfigKey<?>> validate(List<ConfigKey<?>> keys) {
        Objects.requireNonNull(keys, "keys");
        Set<String> paths = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (LauncherOption option : LauncherOption.values()) {
            requireUnique(names, option.flag());
            option.envVar().ifPresent(envVar -> requireUnique(names, envVar));
        }
        for (ConfigKey<?> key : keys) {
            requireUnique(paths, key.path());
            requireUnique(names, key.envVar());
            requireUnique(names, key.flag());
        }
        for (ConfigKey<?> key : keys) {
            for (String other : paths) {
                if (other.startsWith(key.path() + ".")) {
                    throw new IllegalArgumentException(other + " is nested under the key " + key.path());
                }
            }
            key.defaultsTo().ifPresent(target -> {
                if (!keys.contains(target)) {
                    throw new IllegalArgumentException(
                            key.path() + " defaults to " + target.path() + ", which is not in the catalogue");
                }
                if (target.defaultsTo().isPresent()) {
                    throw new IllegalArgumentException(key.path() + " defaults to " + target.path()
                            + ", which defaults to another key in turn");
                }
            });
        }
        return keys;
    }

    /** The sections of a catalogue: every proper prefix of a path ({@code cache}, {@code rate-limit}). */
    static Set<String> sections(List<ConfigKey<?>> keys) {
        Set<String> sections = new LinkedHashSet<>();
        for (ConfigKey<?> key : keys) {
            String path = key.path();
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                sections.add(path.substring(0, dot));
            }
        }
        return sections;
    }

    /** Every flag: the launcher's and the catalogue's. */
    static List<String> flags(List<ConfigKey<?>> keys) {
        List<String> flags = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            flags.add(option.flag());
        }
        keys.forEach(key -> flags.add(key.flag()));
        return flags;
    }

    private static void requireUnique(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new IllegalArgumentException("configuration name used twice: " + name);
        }
    }

    private static BulwarkConfig withServer(BulwarkConfig c, ServerSettings server) {
        return new BulwarkConfig(server, c.cache(), c.rateLimit(), c.limits(), c.stdio(), c.logging());
    }

    private static BulwarkConfig withCache(BulwarkConfig c, CacheSettings cache) {
        return new BulwarkConfig(c.server(), cache, c.rateLimit(), c.limits(), c.stdio(), c.logging());
    }

    private static BulwarkConfig withRateLimit(BulwarkConfig c, RateLimitSettings rateLimit) {
        return new BulwarkConfig(c.server(), c.cache(), rateLimit, c.limits(), c.stdio(), c.logging());
    }

    private static BulwarkConfig withLimits(BulwarkConfig c, LimitSettings limits) {
        return new BulwarkConfig(c.server(), c.cache(), c.rateLimit(), limits, c.stdio(), c.logging());
    }

    private static BulwarkConfig withStdio(BulwarkConfig c, StdioSettings stdio) {
        return new BulwarkConfig(c.server(), c.cache(), c.rateLimit(), c.limits(), stdio, c.logging());
    }

    private static BulwarkConfig withLogging(BulwarkConfig c, LoggingSettings logging) {
        return new BulwarkConfig(c.server(), c.cache(), c.rateLimit(), c.limits(), c.stdio(), logging);
    }
}
