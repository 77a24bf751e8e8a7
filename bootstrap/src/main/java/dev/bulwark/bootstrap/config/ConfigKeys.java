package dev.bulwark.bootstrap.config;

import dev.bulwark.core.config.AuthSettings;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.ports.security.AddressRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
            (config, value) -> config.withServer(new ServerSettings(value, config.server().version(), config.server().environment())));

    /** {@code server.version}: the version the server reports. */
    public static final ConfigKey<String> SERVER_VERSION = ConfigKey.of(
            "server.version", "MCP_SERVER_VERSION", "--server-version", ConfigType.STRING,
            "Version the server reports to MCP clients",
            config -> config.server().version(),
            (config, value) -> config.withServer(new ServerSettings(config.server().name(), value, config.server().environment())));

    /** {@code server.environment}: where the server runs. */
    public static final ConfigKey<String> SERVER_ENVIRONMENT = ConfigKey.of(
            "server.environment", "ENVIRONMENT", "--environment", ConfigType.STRING,
            "Where the server runs, for example development or production",
            config -> config.server().environment(),
            (config, value) -> config.withServer(new ServerSettings(config.server().name(), config.server().version(), value)));

    /** {@code log.level}: the log level. */
    public static final ConfigKey<String> LOG_LEVEL = ConfigKey.of(
            "log.level", "MCP_LOG_LEVEL", "--log-level", ConfigType.LOG_LEVEL,
            "Log level: TRACE, DEBUG, INFO, WARN or ERROR (WARNING is read as WARN)",
            config -> config.logging().level(),
            (config, value) -> config.withLogging(
                    new LoggingSettings(value, config.logging().debug(), config.logging().auditArguments())));

    /** {@code log.debug}: the debug switch. */
    public static final ConfigKey<Boolean> LOG_DEBUG = ConfigKey.of(
            "log.debug", "MCP_DEBUG", "--debug", ConfigType.BOOLEAN,
            "Log at DEBUG level at least; never exposes internals to clients",
            config -> config.logging().debug(),
            (config, value) -> config.withLogging(
                    new LoggingSettings(config.logging().level(), value, config.logging().auditArguments())));

    /** {@code log.audit-arguments}: whether audit log lines carry the tool call's arguments. */
    public static final ConfigKey<Boolean> LOG_AUDIT_ARGUMENTS = ConfigKey.of(
            "log.audit-arguments", "MCP_AUDIT_ARGUMENTS", "--audit-arguments", ConfigType.BOOLEAN,
            "Put each tool call's arguments (JSON) in its audit log line; they may hold personal data or secrets",
            config -> config.logging().auditArguments(),
            (config, value) -> config.withLogging(
                    new LoggingSettings(config.logging().level(), config.logging().debug(), value)));

    /** {@code cache.enabled}: whether tool results are cached. */
    public static final ConfigKey<Boolean> CACHE_ENABLED = ConfigKey.of(
            "cache.enabled", "MCP_CACHE_ENABLED", "--cache-enabled", ConfigType.BOOLEAN,
            "Cache the results of tools that declare a cache policy",
            config -> config.cache().enabled(),
            (config, value) -> config.withCache(new CacheSettings(value, config.cache().defaultTtl(), config.cache().maxEntries())));

    /** {@code cache.ttl}: the default cache TTL. */
    public static final ConfigKey<Duration> CACHE_TTL = ConfigKey.of(
            "cache.ttl", "CACHE_TTL", "--cache-ttl", ConfigType.DURATION,
            "How long results stay cached, for tools whose cache policy sets no TTL",
            config -> config.cache().defaultTtl(),
            (config, value) -> config.withCache(new CacheSettings(config.cache().enabled(), value, config.cache().maxEntries())));

    /** {@code cache.max-entries}: the size bound of the in-memory cache. */
    public static final ConfigKey<Integer> CACHE_MAX_ENTRIES = ConfigKey.of(
            "cache.max-entries", "MCP_CACHE_MAX_ENTRIES", "--cache-max-entries", ConfigType.INT,
            "Most entries the in-memory cache holds",
            config -> config.cache().maxEntries(),
            (config, value) -> config.withCache(new CacheSettings(config.cache().enabled(), config.cache().defaultTtl(), value)));

    /** {@code rate-limit.enabled}: whether rate limiting applies. */
    public static final ConfigKey<Boolean> RATE_LIMIT_ENABLED = ConfigKey.of(
            "rate-limit.enabled", "MCP_RATE_LIMIT_ENABLED", "--rate-limit-enabled", ConfigType.BOOLEAN,
            "Apply the rate limit per principal and tool",
            config -> config.rateLimit().enabled(),
            (config, value) -> config.withRateLimit(new RateLimitSettings(value, config.rateLimit().perMinute(), config.rateLimit().burst())));

    /** {@code rate-limit.per-minute}: calls per minute. */
    public static final ConfigKey<Long> RATE_LIMIT_PER_MINUTE = ConfigKey.of(
            "rate-limit.per-minute", "RATE_LIMIT", "--rate-limit", ConfigType.LONG,
            "Calls per minute per principal and tool, for tools that declare no limit",
            config -> config.rateLimit().perMinute(),
            (config, value) -> config.withRateLimit(new RateLimitSettings(config.rateLimit().enabled(), value, config.rateLimit().burst())));

    /** {@code rate-limit.burst}: calls that may arrive at once; the per-minute value unless set. */
    public static final ConfigKey<Long> RATE_LIMIT_BURST = ConfigKey.of(
            "rate-limit.burst", "MCP_RATE_LIMIT_BURST", "--rate-limit-burst", ConfigType.LONG,
            "Calls that may arrive at once, per principal and tool",
            config -> config.rateLimit().burst(),
            (config, value) -> config.withRateLimit(new RateLimitSettings(config.rateLimit().enabled(), config.rateLimit().perMinute(), value)))
            .defaultingTo(RATE_LIMIT_PER_MINUTE);

    /** {@code limits.max-request-size}: the largest request accepted. */
    public static final ConfigKey<Long> MAX_REQUEST_SIZE = ConfigKey.of(
            "limits.max-request-size", "MAX_REQUEST_SIZE", "--max-request-size", ConfigType.BYTE_SIZE,
            "Largest request (and process_data payload) accepted; a plain number is bytes",
            config -> config.limits().maxRequestBytes(),
            (config, value) -> config.withLimits(config.limits().withMaxRequestBytes(value)));

    /** {@code limits.max-result-size}: the largest tool result, resource or prompt sent. */
    public static final ConfigKey<Long> MAX_RESULT_SIZE = ConfigKey.of(
            "limits.max-result-size", "MAX_RESULT_SIZE", "--max-result-size", ConfigType.BYTE_SIZE,
            "Largest tool result, resource or prompt sent, as JSON; a larger one is answered with an error",
            config -> config.limits().maxResultBytes(),
            (config, value) -> config.withLimits(config.limits().withMaxResultBytes(value)));

    /** {@code limits.tool-timeout}: the timeout of tools that declare none. */
    public static final ConfigKey<Duration> TOOL_TIMEOUT = ConfigKey.of(
            "limits.tool-timeout", "MCP_TOOL_TIMEOUT", "--tool-timeout", ConfigType.DURATION,
            "Timeout of tools that declare none",
            config -> config.limits().toolTimeout(),
            (config, value) -> config.withLimits(config.limits().withToolTimeout(value)));

    /** {@code limits.max-concurrent-calls}: tool calls running at once in the server. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS = ConfigKey.of(
            "limits.max-concurrent-calls", "MCP_MAX_CONCURRENT_CALLS", "--max-concurrent-calls", ConfigType.INT,
            "Tool calls running at once in the whole server",
            config -> config.limits().maxConcurrentCalls(),
            (config, value) -> config.withLimits(config.limits().withMaxConcurrentCalls(value)));

    /** {@code limits.max-concurrent-calls-per-tool}: tool calls running at once per tool. */
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS_PER_TOOL = ConfigKey.of(
            "limits.max-concurrent-calls-per-tool", "MCP_MAX_CONCURRENT_CALLS_PER_TOOL",
            "--max-concurrent-calls-per-tool", ConfigType.INT,
            "Tool calls running at once per tool, for tools that declare no limit",
            config -> config.limits().maxConcurrentCallsPerTool(),
            (config, value) -> config.withLimits(config.limits().withMaxConcurrentCallsPerTool(value)));

    /** {@code stdio.principal}: the local operator's subject over stdio. */
    public static final ConfigKey<String> STDIO_PRINCIPAL = ConfigKey.of(
            "stdio.principal", "MCP_STDIO_PRINCIPAL", "--stdio-principal", ConfigType.STRING,
            "Subject of the local operator over stdio, in logs, rate limits and private cache entries",
            config -> config.stdio().principal(),
            (config, value) -> config.withStdio(new StdioSettings(value, config.stdio().scopes())));

    /** {@code stdio.scopes}: the local operator's scopes over stdio. */
    public static final ConfigKey<Set<String>> STDIO_SCOPES = ConfigKey.of(
            "stdio.scopes", "MCP_STDIO_SCOPES", "--stdio-scopes", ConfigType.LIST,
            "Scopes of the local operator over stdio, comma-separated; * grants all",
            config -> config.stdio().scopes(),
            (config, value) -> config.withStdio(new StdioSettings(config.stdio().principal(), value)));

    /** {@code http.enabled}. */
    public static final ConfigKey<Boolean> HTTP_ENABLED = ConfigKey.of(
            "http.enabled", "MCP_HTTP", "--http", ConfigType.BOOLEAN,
            "Serve MCP over Streamable HTTP instead of stdio",
            config -> config.http().enabled(),
            (config, value) -> config.withHttp(config.http().withEnabled(value)));

    /** {@code http.host}. */
    public static final ConfigKey<String> HTTP_HOST = ConfigKey.of(
            "http.host", "MCP_HTTP_HOST", "--host", ConfigType.STRING,
            "Address the HTTP server binds; 127.0.0.1 unless set",
            config -> config.http().host(),
            (config, value) -> config.withHttp(config.http().withHost(value)));

    /** {@code http.port}. */
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of(
            "http.port", "MCP_HTTP_PORT", "--port", ConfigType.INT,
            "Port of the MCP endpoint /mcp",
            config -> config.http().port(),
            (config, value) -> config.withHttp(config.http().withPort(value)));

    /** {@code http.management-port}. */
    public static final ConfigKey<Integer> HTTP_MANAGEMENT_PORT = ConfigKey.of(
            "http.management-port", "MCP_MANAGEMENT_PORT", "--management-port", ConfigType.INT,
            "Port of /health, /ready and /metrics; 0 serves them on the MCP port",
            config -> config.http().managementPort(),
            (config, value) -> config.withHttp(config.http().withManagementPort(value)));

    /** {@code http.mode}. */
    public static final ConfigKey<HttpSettings.Mode> HTTP_MODE = ConfigKey.of(
            "http.mode", "MCP_HTTP_MODE", "--http-mode", ConfigType.HTTP_MODE,
            "stateful (sessions, SSE, GET stream) or stateless (any instance serves any request)",
            config -> config.http().mode(),
            (config, value) -> config.withHttp(config.http().withMode(value)));

    /** {@code http.allowed-origins}. */
    public static final ConfigKey<Set<String>> HTTP_ALLOWED_ORIGINS = ConfigKey.of(
            "http.allowed-origins", "MCP_ALLOWED_ORIGINS", "--allowed-origins", ConfigType.LIST,
            "Browser origins allowed to call, comma-separated; empty = loopback origins only; any other Origin gets 403",
            config -> new java.util.LinkedHashSet<>(config.http().allowedOrigins()),
            (config, value) -> config.withHttp(config.http().withAllowedOrigins(List.copyOf(value))));

    /** {@code http.allowed-hosts}. */
    public static final ConfigKey<Set<String>> HTTP_ALLOWED_HOSTS = ConfigKey.of(
            "http.allowed-hosts", "MCP_ALLOWED_HOSTS", "--allowed-hosts", ConfigType.LIST,
            "Host header values accepted, comma-separated; empty = the bound host and localhost",
            config -> new java.util.LinkedHashSet<>(config.http().allowedHosts()),
            (config, value) -> config.withHttp(config.http().withAllowedHosts(List.copyOf(value))));

    /** {@code http.session-idle-timeout}. */
    public static final ConfigKey<Duration> HTTP_SESSION_IDLE_TIMEOUT = ConfigKey.of(
            "http.session-idle-timeout", "MCP_SESSION_IDLE_TIMEOUT", "--session-idle-timeout", ConfigType.DURATION,
            "Idle MCP sessions are evicted after this",
            config -> config.http().sessionIdleTimeout(),
            (config, value) -> config.withHttp(config.http().withSessionIdleTimeout(value)));

    /** {@code http.max-sessions}. */
    public static final ConfigKey<Integer> HTTP_MAX_SESSIONS = ConfigKey.of(
            "http.max-sessions", "MCP_MAX_SESSIONS", "--max-sessions", ConfigType.INT,
            "Live MCP sessions at most; a new session over the cap gets 503",
            config -> config.http().maxSessions(),
            (config, value) -> config.withHttp(config.http().withMaxSessions(value)));

    /** {@code http.max-sessions-per-caller}. */
    public static final ConfigKey<Integer> HTTP_MAX_SESSIONS_PER_CALLER = ConfigKey.of(
            "http.max-sessions-per-caller", "MCP_MAX_SESSIONS_PER_CALLER", "--max-sessions-per-caller",
            ConfigType.INT,
            "Live MCP sessions one authenticated caller may hold; a new session over it gets 503 (auth on only)",
            config -> config.http().maxSessionsPerCaller(),
            (config, value) -> config.withHttp(config.http().withMaxSessionsPerCaller(value)));

    /** {@code http.idle-timeout}. */
    public static final ConfigKey<Duration> HTTP_IDLE_TIMEOUT = ConfigKey.of(
            "http.idle-timeout", "MCP_HTTP_IDLE_TIMEOUT", "--http-idle-timeout", ConfigType.DURATION,
            "An HTTP connection idle for this long is closed",
            config -> config.http().idleTimeout(),
            (config, value) -> config.withHttp(config.http().withIdleTimeout(value)));

    /** {@code http.max-connections}. */
    public static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.of(
            "http.max-connections", "MCP_MAX_CONNECTIONS", "--max-connections", ConfigType.INT,
            "Open HTTP connections at most",
            config -> config.http().maxConnections(),
            (config, value) -> config.withHttp(config.http().withMaxConnections(value)));

    /** {@code http.drain-grace}. */
    public static final ConfigKey<Duration> HTTP_DRAIN_GRACE = ConfigKey.of(
            "http.drain-grace", "MCP_DRAIN_GRACE", "--drain-grace", ConfigType.DURATION,
            "On SIGTERM, how long in-flight calls may take to complete",
            config -> config.http().drainGrace(),
            (config, value) -> config.withHttp(config.http().withDrainGrace(value)));

    /** {@code http.principal}. */
    public static final ConfigKey<String> HTTP_PRINCIPAL = ConfigKey.of(
            "http.principal", "MCP_HTTP_PRINCIPAL", "--http-principal", ConfigType.STRING,
            "Subject every HTTP request runs as when auth.mode is off (or auto on a loopback bind)",
            config -> config.http().principal(),
            (config, value) -> config.withHttp(config.http().withPrincipal(value)));

    /** {@code http.scopes}. */
    public static final ConfigKey<Set<String>> HTTP_SCOPES = ConfigKey.of(
            "http.scopes", "MCP_HTTP_SCOPES", "--http-scopes", ConfigType.LIST,
            "Scopes of that HTTP principal, comma-separated; * grants all",
            config -> config.http().scopes(),
            (config, value) -> config.withHttp(config.http().withScopes(value)));

    /** {@code auth.mode}. */
    public static final ConfigKey<AuthSettings.Mode> AUTH_MODE = ConfigKey.of(
            "auth.mode", "MCP_AUTH", "--auth", ConfigType.AUTH_MODE,
            "Whether HTTP callers must authenticate: auto (required unless http.host is loopback), required or off",
            config -> config.auth().mode(),
            (config, value) -> config.withAuth(config.auth().withMode(value)));

    /** {@code auth.api-keys-file}. */
    public static final ConfigKey<Optional<String>> AUTH_API_KEYS_FILE = ConfigKey.of(
            "auth.api-keys-file", "MCP_API_KEYS_FILE", "--api-keys-file", ConfigType.OPTIONAL_TEXT,
            "JSON file of API key hashes, each with a subject and scopes (make one with --new-api-key)",
            config -> config.auth().apiKeysFile(),
            (config, value) -> config.withAuth(config.auth().withApiKeysFile(value)));

    /** {@code auth.jwt-secret}. */
    public static final ConfigKey<Optional<Secret>> AUTH_JWT_SECRET = ConfigKey.of(
            "auth.jwt-secret", "JWT_SECRET", "--jwt-secret", ConfigType.SECRET,
            "Shared secret of HS256 bearer tokens, at least 32 bytes; unset = no HS256 tokens",
            config -> config.auth().jwtSecret(),
            (config, value) -> config.withAuth(config.auth().withJwtSecret(value))).asSecret();

    /** {@code auth.jwks-url}. */
    public static final ConfigKey<Optional<String>> AUTH_JWKS_URL = ConfigKey.of(
            "auth.jwks-url", "MCP_JWKS_URL", "--jwks-url", ConfigType.OPTIONAL_TEXT,
            "https URL of the JWKS with the RS256/ES256 token signing keys; unset = no RS256/ES256 tokens",
            config -> config.auth().jwksUrl(),
            (config, value) -> config.withAuth(config.auth().withJwksUrl(value)));

    /** {@code auth.issuer}. */
    public static final ConfigKey<Optional<String>> AUTH_ISSUER = ConfigKey.of(
            "auth.issuer", "MCP_JWT_ISSUER", "--jwt-issuer", ConfigType.OPTIONAL_TEXT,
            "The iss every bearer token must carry; required with auth.jwt-secret or auth.jwks-url",
            config -> config.auth().issuer(),
            (config, value) -> config.withAuth(config.auth().withIssuer(value)));

    /** {@code auth.resource-url}. */
    public static final ConfigKey<Optional<String>> AUTH_RESOURCE_URL = ConfigKey.of(
            "auth.resource-url", "MCP_RESOURCE_URL", "--resource-url", ConfigType.OPTIONAL_TEXT,
            "This server's canonical MCP URL (https://host/mcp): the aud tokens must carry; required for JWTs",
            config -> config.auth().resourceUrl(),
            (config, value) -> config.withAuth(config.auth().withResourceUrl(value)));

    /** {@code auth.authorization-servers}. */
    public static final ConfigKey<Set<String>> AUTH_AUTHORIZATION_SERVERS = ConfigKey.of(
            "auth.authorization-servers", "MCP_AUTHORIZATION_SERVERS", "--authorization-servers", ConfigType.LIST,
            "Authorization servers named in the protected resource metadata, comma-separated; empty = the issuer",
            config -> new LinkedHashSet<>(config.auth().authorizationServers()),
            (config, value) -> config.withAuth(config.auth().withAuthorizationServers(List.copyOf(value))));

    /** {@code auth.clock-skew}. */
    public static final ConfigKey<Duration> AUTH_CLOCK_SKEW = ConfigKey.of(
            "auth.clock-skew", "MCP_JWT_CLOCK_SKEW", "--jwt-clock-skew", ConfigType.DURATION,
            "How far token expiry and not-before may be off (0-300s)",
            config -> config.auth().clockSkew(),
            (config, value) -> config.withAuth(config.auth().withClockSkew(value)));

    /** {@code auth.failure-limit}. */
    public static final ConfigKey<Integer> AUTH_FAILURE_LIMIT = ConfigKey.of(
            "auth.failure-limit", "MCP_AUTH_FAILURE_LIMIT", "--auth-failure-limit", ConfigType.INT,
            "Failed authentications one client address may make per minute before it gets 429",
            config -> config.auth().failureLimit(),
            (config, value) -> config.withAuth(config.auth().withFailureLimit(value)));

    /** {@code auth.trusted-proxies}. */
    public static final ConfigKey<Set<String>> AUTH_TRUSTED_PROXIES = ConfigKey.of(
            "auth.trusted-proxies", "MCP_TRUSTED_PROXIES", "--trusted-proxies", ConfigType.LIST,
            "Load balancers or proxies in front of the server (IP addresses or CIDR ranges, comma-separated) whose"
                    + " X-Forwarded-For names the client address for auth.failure-limit; empty = the connection's"
                    + " address",
            config -> config.auth().trustedProxies().stream().map(AddressRange::toString)
                    .collect(Collectors.toCollection(LinkedHashSet::new)),
            (config, value) -> config.withAuth(config.auth().withTrustedProxies(
                    value.stream().map(AddressRange::parse).toList())));

    /** {@code auth.filter-tool-list}. */
    public static final ConfigKey<Boolean> AUTH_FILTER_TOOL_LIST = ConfigKey.of(
            "auth.filter-tool-list", "MCP_FILTER_TOOL_LIST", "--filter-tool-list", ConfigType.BOOLEAN,
            "Show each caller in tools/list only the tools its scopes let it call",
            config -> config.auth().filterToolList(),
            (config, value) -> config.withAuth(config.auth().withFilterToolList(value)));

    /** {@code redis.url}. */
    public static final ConfigKey<Optional<Secret>> REDIS_URL = ConfigKey.of(
            "redis.url", "REDIS_URL", "--redis-url", ConfigType.SECRET,
            "redis:// or rediss:// URL of the shared cache and rate-limit store; unset = in memory",
            config -> config.redis().url(),
            (config, value) -> config.withRedis(config.redis().withUrl(value))).asSecret();

    /** {@code redis.key-prefix}. */
    public static final ConfigKey<String> REDIS_KEY_PREFIX = ConfigKey.of(
            "redis.key-prefix", "MCP_REDIS_KEY_PREFIX", "--redis-key-prefix", ConfigType.STRING,
            "Prefix of every Redis key, so deployments can share one Redis; must not be empty",
            config -> config.redis().keyPrefix(),
            (config, value) -> config.withRedis(config.redis().withKeyPrefix(value)));

    /** {@code redis.connect-timeout}. */
    public static final ConfigKey<Duration> REDIS_CONNECT_TIMEOUT = ConfigKey.of(
            "redis.connect-timeout", "MCP_REDIS_CONNECT_TIMEOUT", "--redis-connect-timeout", ConfigType.DURATION,
            "Time to open a Redis connection",
            config -> config.redis().connectTimeout(),
            (config, value) -> config.withRedis(config.redis().withConnectTimeout(value)));

    /** {@code redis.operation-timeout}. */
    public static final ConfigKey<Duration> REDIS_OPERATION_TIMEOUT = ConfigKey.of(
            "redis.operation-timeout", "MCP_REDIS_OPERATION_TIMEOUT", "--redis-operation-timeout", ConfigType.DURATION,
            "Time one Redis command may take before Redis counts as unavailable",
            config -> config.redis().operationTimeout(),
            (config, value) -> config.withRedis(config.redis().withOperationTimeout(value)));

    /** {@code redis.pool-max-total}. */
    public static final ConfigKey<Integer> REDIS_POOL_MAX_TOTAL = ConfigKey.of(
            "redis.pool-max-total", "MCP_REDIS_POOL_MAX_TOTAL", "--redis-pool-max-total", ConfigType.INT,
            "Pooled Redis connections at most",
            config -> config.redis().poolMaxTotal(),
            (config, value) -> config.withRedis(config.redis().withPoolMaxTotal(value)));

    /** {@code redis.pool-max-wait}. */
    public static final ConfigKey<Duration> REDIS_POOL_MAX_WAIT = ConfigKey.of(
            "redis.pool-max-wait", "MCP_REDIS_POOL_MAX_WAIT", "--redis-pool-max-wait", ConfigType.DURATION,
            "Time to wait for a pooled Redis connection",
            config -> config.redis().poolMaxWait(),
            (config, value) -> config.withRedis(config.redis().withPoolMaxWait(value)));

    /** {@code redis.breaker-failure-threshold}. */
    public static final ConfigKey<Integer> REDIS_BREAKER_FAILURE_THRESHOLD = ConfigKey.of(
            "redis.breaker-failure-threshold", "MCP_REDIS_BREAKER_FAILURE_THRESHOLD",
            "--redis-breaker-failure-threshold", ConfigType.INT,
            "Redis failures in a row that open its circuit breaker (a timeout opens it at once)",
            config -> config.redis().breakerFailureThreshold(),
            (config, value) -> config.withRedis(config.redis().withBreakerFailureThreshold(value)));

    /** {@code redis.breaker-open-duration}. */
    public static final ConfigKey<Duration> REDIS_BREAKER_OPEN_DURATION = ConfigKey.of(
            "redis.breaker-open-duration", "MCP_REDIS_BREAKER_OPEN_DURATION", "--redis-breaker-open-duration",
            ConfigType.DURATION,
            "How long the open Redis circuit breaker skips Redis before it tries again",
            config -> config.redis().breakerOpenDuration(),
            (config, value) -> config.withRedis(config.redis().withBreakerOpenDuration(value)));

    /** {@code database.url}. */
    public static final ConfigKey<Optional<Secret>> DATABASE_URL = ConfigKey.of(
            "database.url", "DATABASE_URL", "--database-url", ConfigType.SECRET,
            "JDBC or postgres:// URL of the database; unset = embedded H2 in PostgreSQL mode",
            config -> config.database().url(),
            (config, value) -> config.withDatabase(config.database().withUrl(value))).asSecret();

    /** {@code database.pool-size}. */
    public static final ConfigKey<Integer> DATABASE_POOL_SIZE = ConfigKey.of(
            "database.pool-size", "MCP_DATABASE_POOL_SIZE", "--database-pool-size", ConfigType.INT,
            "Pooled database connections at most",
            config -> config.database().poolSize(),
            (config, value) -> config.withDatabase(config.database().withPoolSize(value)));

    /** {@code database.connection-timeout}. */
    public static final ConfigKey<Duration> DATABASE_CONNECTION_TIMEOUT = ConfigKey.of(
            "database.connection-timeout", "MCP_DATABASE_CONNECTION_TIMEOUT", "--database-connection-timeout", ConfigType.DURATION,
            "Time to get a database connection before the call fails fast",
            config -> config.database().connectionTimeout(),
            (config, value) -> config.withDatabase(config.database().withConnectionTimeout(value)));

    /** {@code database.statement-timeout}. */
    public static final ConfigKey<Duration> DATABASE_STATEMENT_TIMEOUT = ConfigKey.of(
            "database.statement-timeout", "MCP_DATABASE_STATEMENT_TIMEOUT", "--database-statement-timeout", ConfigType.DURATION,
            "Time one SQL statement may run",
            config -> config.database().statementTimeout(),
            (config, value) -> config.withDatabase(config.database().withStatementTimeout(value)));

    /** {@code database.allow-writes}. */
    public static final ConfigKey<Boolean> DATABASE_ALLOW_WRITES = ConfigKey.of(
            "database.allow-writes", "MCP_DATABASE_ALLOW_WRITES", "--database-allow-writes", ConfigType.BOOLEAN,
            "Whether execute_query may write (the caller also needs the sql:write scope)",
            config -> config.database().allowWrites(),
            (config, value) -> config.withDatabase(config.database().withAllowWrites(value)));

    /** {@code database.allow-writes-without-where}. */
    public static final ConfigKey<Boolean> DATABASE_ALLOW_WRITES_WITHOUT_WHERE = ConfigKey.of(
            "database.allow-writes-without-where", "MCP_DATABASE_ALLOW_WRITES_WITHOUT_WHERE",
            "--database-allow-writes-without-where", ConfigType.BOOLEAN,
            "Whether a write may be an UPDATE or DELETE without a WHERE clause, which changes every row of its table",
            config -> config.database().allowWritesWithoutWhere(),
            (config, value) -> config.withDatabase(config.database().withAllowWritesWithoutWhere(value)));

    /** {@code database.row-limit}. */
    public static final ConfigKey<Integer> DATABASE_ROW_LIMIT = ConfigKey.of(
            "database.row-limit", "MCP_DATABASE_ROW_LIMIT", "--database-row-limit", ConfigType.INT,
            "Rows a query returns at most; more are cut and flagged truncated",
            config -> config.database().rowLimit(),
            (config, value) -> config.withDatabase(config.database().withRowLimit(value)));

    /** {@code database.allowed-schemas}. */
    public static final ConfigKey<Set<String>> DATABASE_ALLOWED_SCHEMAS = ConfigKey.of(
            "database.allowed-schemas", "MCP_DATABASE_ALLOWED_SCHEMAS", "--database-allowed-schemas", ConfigType.LIST,
            "Schemas the SQL tools may see, comma-separated; the SQL roles need privileges there too",
            config -> config.database().allowedSchemas(),
            (config, value) -> config.withDatabase(config.database().withAllowedSchemas(value)));

    /** {@code database.batch-max-operations}. */
    public static final ConfigKey<Integer> DATABASE_BATCH_MAX_OPERATIONS = ConfigKey.of(
            "database.batch-max-operations", "MCP_DATABASE_BATCH_MAX_OPERATIONS", "--database-batch-max-operations",
            ConfigType.INT,
            "Statements one batch_operations call may hold at most",
            config -> config.database().batchMaxOperations(),
            (config, value) -> config.withDatabase(config.database().withBatchMaxOperations(value)));

    /** {@code tools.conformance}. */
    public static final ConfigKey<Boolean> TOOLS_CONFORMANCE = ConfigKey.of(
            "tools.conformance", "MCP_CONFORMANCE_TOOLS", "--conformance-tools", ConfigType.BOOLEAN,
            "Register the MCP conformance suite's tools, resources and prompts (testing only)",
            config -> config.toolPacks().conformance(),
            (config, value) -> config.withToolPacks(config.toolPacks().withConformance(value)));

    private static final List<ConfigKey<?>> ALL = List.of(
            SERVER_NAME,
            SERVER_VERSION,
            SERVER_ENVIRONMENT,
            LOG_LEVEL,
            LOG_DEBUG,
            LOG_AUDIT_ARGUMENTS,
            CACHE_ENABLED,
            CACHE_TTL,
            CACHE_MAX_ENTRIES,
            RATE_LIMIT_ENABLED,
            RATE_LIMIT_PER_MINUTE,
            RATE_LIMIT_BURST,
            MAX_REQUEST_SIZE,
            MAX_RESULT_SIZE,
            TOOL_TIMEOUT,
            MAX_CONCURRENT_CALLS,
            MAX_CONCURRENT_CALLS_PER_TOOL,
            STDIO_PRINCIPAL,
            STDIO_SCOPES,
            HTTP_ENABLED,
            HTTP_HOST,
            HTTP_PORT,
            HTTP_MANAGEMENT_PORT,
            HTTP_MODE,
            HTTP_ALLOWED_ORIGINS,
            HTTP_ALLOWED_HOSTS,
            HTTP_SESSION_IDLE_TIMEOUT,
            HTTP_MAX_SESSIONS,
            HTTP_MAX_SESSIONS_PER_CALLER,
            HTTP_IDLE_TIMEOUT,
            HTTP_MAX_CONNECTIONS,
            HTTP_DRAIN_GRACE,
            HTTP_PRINCIPAL,
            HTTP_SCOPES,
            AUTH_MODE,
            AUTH_API_KEYS_FILE,
            AUTH_JWT_SECRET,
            AUTH_JWKS_URL,
            AUTH_ISSUER,
            AUTH_RESOURCE_URL,
            AUTH_AUTHORIZATION_SERVERS,
            AUTH_CLOCK_SKEW,
            AUTH_FAILURE_LIMIT,
            AUTH_TRUSTED_PROXIES,
            AUTH_FILTER_TOOL_LIST,
            REDIS_URL,
            REDIS_KEY_PREFIX,
            REDIS_CONNECT_TIMEOUT,
            REDIS_OPERATION_TIMEOUT,
            REDIS_POOL_MAX_TOTAL,
            REDIS_POOL_MAX_WAIT,
            REDIS_BREAKER_FAILURE_THRESHOLD,
            REDIS_BREAKER_OPEN_DURATION,
            DATABASE_URL,
            DATABASE_POOL_SIZE,
            DATABASE_CONNECTION_TIMEOUT,
            DATABASE_STATEMENT_TIMEOUT,
            DATABASE_ALLOW_WRITES,
            DATABASE_ALLOW_WRITES_WITHOUT_WHERE,
            DATABASE_ROW_LIMIT,
            DATABASE_ALLOWED_SCHEMAS,
            DATABASE_BATCH_MAX_OPERATIONS,
            TOOLS_CONFORMANCE);

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

    /** Every environment variable: the launcher's and the catalogue's. */
    static List<String> envVars(List<ConfigKey<?>> keys) {
        List<String> envVars = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            option.envVar().ifPresent(envVars::add);
        }
        keys.forEach(key -> envVars.add(key.envVar()));
        return envVars;
    }

    private static void requireUnique(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new IllegalArgumentException("configuration name used twice: " + name);
        }
    }






}
