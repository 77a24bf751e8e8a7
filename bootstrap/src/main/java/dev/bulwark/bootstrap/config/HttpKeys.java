package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.Sections.http;

import dev.bulwark.http.HttpMode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of HTTP serving ({@code http.*}), in catalogue order. Each fills one component of
 * {@link dev.bulwark.http.HttpSettings}, except {@code http.enabled}, which picks the launcher's transport
 * ({@link TransportSettings}).
 */
public final class HttpKeys {

    /** {@code http.enabled}. */
    public static final ConfigKey<Boolean> HTTP_ENABLED = ConfigKey.of(
            "http.enabled",
            "MCP_HTTP",
            "--http",
            ConfigType.BOOLEAN,
            "Serve MCP over Streamable HTTP instead of stdio",
            config -> config.transport().http(),
            (config, value) ->
                    config.toBuilder().transport(new TransportSettings(value)).build());

    /** {@code http.host}. */
    public static final ConfigKey<String> HTTP_HOST = ConfigKey.of(
            "http.host",
            "MCP_HTTP_HOST",
            "--host",
            ConfigType.STRING,
            "Address the HTTP server binds; 127.0.0.1 unless set",
            config -> config.http().host(),
            (config, value) -> http(config, http -> http.host(value)));

    /** {@code http.port}. */
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of(
            "http.port",
            "MCP_HTTP_PORT",
            "--port",
            ConfigType.INT,
            "Port of the MCP endpoint /mcp",
            config -> config.http().port(),
            (config, value) -> http(config, http -> http.port(listenPort(value))));

    /** {@code http.management-port}. */
    public static final ConfigKey<Integer> HTTP_MANAGEMENT_PORT = ConfigKey.of(
            "http.management-port",
            "MCP_MANAGEMENT_PORT",
            "--management-port",
            ConfigType.INT,
            "Port of /health, /ready and /metrics; 0 serves them on the MCP port",
            config -> config.http().managementPort(),
            (config, value) -> http(config, http -> http.managementPort(value)));

    /** {@code http.mode}. */
    public static final ConfigKey<HttpMode> HTTP_MODE = ConfigKey.of(
            "http.mode",
            "MCP_HTTP_MODE",
            "--http-mode",
            ConfigType.HTTP_MODE,
            "stateful (sessions, SSE, GET stream) or stateless (any instance serves any request)",
            config -> config.http().mode(),
            (config, value) -> http(config, http -> http.mode(value)));

    /** {@code http.allowed-origins}. */
    public static final ConfigKey<Set<String>> HTTP_ALLOWED_ORIGINS = ConfigKey.of(
            "http.allowed-origins",
            "MCP_ALLOWED_ORIGINS",
            "--allowed-origins",
            ConfigType.LIST,
            "Browser origins allowed to call, comma-separated; empty = loopback origins only; any other Origin gets 403",
            config -> new LinkedHashSet<>(config.http().allowedOrigins()),
            (config, value) -> http(config, http -> http.allowedOrigins(List.copyOf(value))));

    /** {@code http.allowed-hosts}. */
    public static final ConfigKey<Set<String>> HTTP_ALLOWED_HOSTS = ConfigKey.of(
            "http.allowed-hosts",
            "MCP_ALLOWED_HOSTS",
            "--allowed-hosts",
            ConfigType.LIST,
            "Host header values accepted, comma-separated; empty = the bound host, localhost and the loopback address of"
                    + " the bound host's IP family",
            config -> new LinkedHashSet<>(config.http().allowedHosts()),
            (config, value) -> http(config, http -> http.allowedHosts(List.copyOf(value))));

    /** {@code http.session-idle-timeout}. */
    public static final ConfigKey<Duration> HTTP_SESSION_IDLE_TIMEOUT = ConfigKey.of(
            "http.session-idle-timeout",
            "MCP_SESSION_IDLE_TIMEOUT",
            "--session-idle-timeout",
            ConfigType.DURATION,
            "Idle MCP sessions are evicted after this",
            config -> config.http().sessionIdleTimeout(),
            (config, value) -> http(config, http -> http.sessionIdleTimeout(value)));

    /** {@code http.max-sessions}. */
    public static final ConfigKey<Integer> HTTP_MAX_SESSIONS = ConfigKey.of(
            "http.max-sessions",
            "MCP_MAX_SESSIONS",
            "--max-sessions",
            ConfigType.INT,
            "Live MCP sessions at most; a new session over the cap gets 503",
            config -> config.http().maxSessions(),
            (config, value) -> http(config, http -> http.maxSessions(value)));

    /** {@code http.max-sessions-per-caller}. */
    public static final ConfigKey<Integer> HTTP_MAX_SESSIONS_PER_CALLER = ConfigKey.of(
            "http.max-sessions-per-caller",
            "MCP_MAX_SESSIONS_PER_CALLER",
            "--max-sessions-per-caller",
            ConfigType.INT,
            "Live MCP sessions one authenticated caller may hold; a new session over it gets 503 (auth on only)",
            config -> config.http().maxSessionsPerCaller(),
            (config, value) -> http(config, http -> http.maxSessionsPerCaller(value)));

    /** {@code http.max-sessions-per-address}. */
    public static final ConfigKey<Integer> HTTP_MAX_SESSIONS_PER_ADDRESS = ConfigKey.of(
            "http.max-sessions-per-address",
            "MCP_MAX_SESSIONS_PER_ADDRESS",
            "--max-sessions-per-address",
            ConfigType.INT,
            "Live MCP sessions one client address may hold when callers are not authenticated; over it gets 503",
            config -> config.http().maxSessionsPerAddress(),
            (config, value) -> http(config, http -> http.maxSessionsPerAddress(value)));

    /** {@code http.idle-timeout}. */
    public static final ConfigKey<Duration> HTTP_IDLE_TIMEOUT = ConfigKey.of(
            "http.idle-timeout",
            "MCP_HTTP_IDLE_TIMEOUT",
            "--http-idle-timeout",
            ConfigType.DURATION,
            "An HTTP connection idle for this long is closed",
            config -> config.http().idleTimeout(),
            (config, value) -> http(config, http -> http.idleTimeout(value)));

    /** {@code http.max-connections}. */
    public static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.of(
            "http.max-connections",
            "MCP_MAX_CONNECTIONS",
            "--max-connections",
            ConfigType.INT,
            "Open HTTP connections at most",
            config -> config.http().maxConnections(),
            (config, value) -> http(config, http -> http.maxConnections(value)));

    /** {@code http.max-connections-per-address}. */
    public static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS_PER_ADDRESS = ConfigKey.of(
            "http.max-connections-per-address",
            "MCP_MAX_CONNECTIONS_PER_ADDRESS",
            "--max-connections-per-address",
            ConfigType.INT,
            "Open HTTP connections one client address may hold; one over it is closed at once",
            config -> config.http().maxConnectionsPerAddress(),
            (config, value) -> http(config, http -> http.maxConnectionsPerAddress(value)));

    /** {@code http.request-head-timeout}. */
    public static final ConfigKey<Duration> HTTP_REQUEST_HEAD_TIMEOUT = ConfigKey.of(
            "http.request-head-timeout",
            "MCP_REQUEST_HEAD_TIMEOUT",
            "--request-head-timeout",
            ConfigType.DURATION,
            "A request's line and headers must arrive within this from their first byte, or the connection is closed",
            config -> config.http().requestHeadTimeout(),
            (config, value) -> http(config, http -> http.requestHeadTimeout(value)));

    /** {@code http.drain-grace}. */
    public static final ConfigKey<Duration> HTTP_DRAIN_GRACE = ConfigKey.of(
            "http.drain-grace",
            "MCP_DRAIN_GRACE",
            "--drain-grace",
            ConfigType.DURATION,
            "On SIGTERM, how long in-flight calls may take to complete; one still running then is answered as cut off",
            config -> config.http().drainGrace(),
            (config, value) -> http(config, http -> http.drainGrace(value)));

    /** {@code http.close-grace}. */
    public static final ConfigKey<Duration> HTTP_CLOSE_GRACE = ConfigKey.of(
            "http.close-grace",
            "MCP_CLOSE_GRACE",
            "--close-grace",
            ConfigType.DURATION,
            "After the drain grace, how long closing may take before the process ends anyway",
            config -> config.http().closeGrace(),
            (config, value) -> http(config, http -> http.closeGrace(value)));

    /** {@code http.principal}. */
    public static final ConfigKey<String> HTTP_PRINCIPAL = ConfigKey.of(
            "http.principal",
            "MCP_HTTP_PRINCIPAL",
            "--http-principal",
            ConfigType.STRING,
            "Subject every HTTP request runs as when auth.mode is off (or auto on a loopback bind with no credential)",
            config -> config.http().principal(),
            (config, value) -> http(config, http -> http.principal(value)));

    /** {@code http.scopes}. */
    public static final ConfigKey<Set<String>> HTTP_SCOPES = ConfigKey.of(
            "http.scopes",
            "MCP_HTTP_SCOPES",
            "--http-scopes",
            ConfigType.LIST,
            "Scopes of that HTTP principal, comma-separated; * grants all",
            config -> config.http().scopes(),
            (config, value) -> http(config, http -> http.scopes(value)));

    private static final List<ConfigKey<?>> ALL = List.of(
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
            HTTP_MAX_SESSIONS_PER_ADDRESS,
            HTTP_IDLE_TIMEOUT,
            HTTP_MAX_CONNECTIONS,
            HTTP_MAX_CONNECTIONS_PER_ADDRESS,
            HTTP_REQUEST_HEAD_TIMEOUT,
            HTTP_DRAIN_GRACE,
            HTTP_CLOSE_GRACE,
            HTTP_PRINCIPAL,
            HTTP_SCOPES);

    private HttpKeys() {}

    /** The server jar listens on the port it is given: {@code http.port} 0 is refused, not bound to a free port. */
    private static int listenPort(int value) {
        if (value < 1 || value > 65_535) {
            throw new IllegalArgumentException("http.port must be 1-65535, was " + value);
        }
        return value;
    }

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
