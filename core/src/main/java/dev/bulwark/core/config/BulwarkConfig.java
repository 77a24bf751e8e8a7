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
 * @param http the Streamable HTTP transport and its edge
 * @param redis the shared Redis store, when configured
 * @param database the database of the user and SQL tools
 * @param toolPacks optional tool packs of the reference server
 * @param auth how HTTP callers authenticate and what each caller sees
 */
public record BulwarkConfig(
        ServerSettings server,
        CacheSettings cache,
        RateLimitSettings rateLimit,
        LimitSettings limits,
        StdioSettings stdio,
        LoggingSettings logging,
        HttpSettings http,
        RedisSettings redis,
        DatabaseSettings database,
        ToolPackSettings toolPacks,
        AuthSettings auth) {

    public BulwarkConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(toolPacks, "toolPacks");
        Objects.requireNonNull(auth, "auth");
    }

    /** The embedded defaults: what the server runs on with no configuration at all. */
    public static BulwarkConfig defaults() {
        return new BulwarkConfig(
                ServerSettings.defaults(),
                CacheSettings.defaults(),
                RateLimitSettings.defaults(),
                LimitSettings.defaults(),
                StdioSettings.defaults(),
                LoggingSettings.defaults(),
                HttpSettings.defaults(),
                RedisSettings.defaults(),
                DatabaseSettings.defaults(),
                ToolPackSettings.defaults(),
                AuthSettings.defaults());
    }

    public BulwarkConfig withAuth(AuthSettings newAuth) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, http, redis, database, toolPacks, newAuth);
    }

    public BulwarkConfig withToolPacks(ToolPackSettings newToolPacks) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, http, redis, database, newToolPacks, auth);
    }

    public BulwarkConfig withServer(ServerSettings newServer) {
        return new BulwarkConfig(newServer, cache, rateLimit, limits, stdio, logging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withCache(CacheSettings newCache) {
        return new BulwarkConfig(server, newCache, rateLimit, limits, stdio, logging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withRateLimit(RateLimitSettings newRateLimit) {
        return new BulwarkConfig(server, cache, newRateLimit, limits, stdio, logging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withLimits(LimitSettings newLimits) {
        return new BulwarkConfig(server, cache, rateLimit, newLimits, stdio, logging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withStdio(StdioSettings newStdio) {
        return new BulwarkConfig(server, cache, rateLimit, limits, newStdio, logging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withLogging(LoggingSettings newLogging) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, newLogging, http, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withHttp(HttpSettings newHttp) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, newHttp, redis, database, toolPacks, auth);
    }

    public BulwarkConfig withRedis(RedisSettings newRedis) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, http, newRedis, database, toolPacks, auth);
    }

    public BulwarkConfig withDatabase(DatabaseSettings newDatabase) {
        return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, http, redis, newDatabase, toolPacks, auth);
    }
}
