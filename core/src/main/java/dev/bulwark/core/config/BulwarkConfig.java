package dev.bulwark.core.config;

import java.util.Objects;

/**
 * The whole server configuration, one immutable value. Built by the bootstrap loader from defaults, a config
 * file, environment variables and flags; an embedding team may also build one by hand from {@link #defaults()}.
 *
 * @param server identity and environment of the server
 * @param cache response cache settings
 * @param rateLimit default per-principal, per-tool rate limit
 * @param limits request size, timeout and concurrency limits
 * @param stdio the local operator used as the principal over stdio
 * @param logging log level and debug switch
 */
public record BulwarkConfig(
        ServerSettings server,
        CacheSettings cache,
        RateLimitSettings rateLimit,
        LimitSettings limits,
        StdioSettings stdio,
        LoggingSettings logging) {

    public BulwarkConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(logging, "logging");
    }

    /** The embedded defaults: what the server runs on with no configuration at all. */
    public static BulwarkConfig defaults() {
        return new BulwarkConfig(
                ServerSettings.defaults(),
                CacheSettings.defaults(),
                RateLimitSettings.defaults(),
                LimitSettings.defaults(),
                StdioSettings.defaults(),
                LoggingSettings.defaults());
    }
}
