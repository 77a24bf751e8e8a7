package dev.bulwark.http;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys of HTTP serving ({@code http.*} but {@code http.enabled}, which picks the transport), in catalogue order:
 * each reads and sets one component of {@link HttpSettings}.
 */
public final class HttpKeys {

    /** {@code stateful} or {@code stateless}. */
    public static final ConfigType<HttpMode> HTTP_MODE_TYPE = ConfigType.of(
            "stateful|stateless", HttpKeys::httpMode, mode -> mode.name().toLowerCase(Locale.ROOT));

    /** A port, 1-65535, or {@code any}: a free port the operating system picks, which the start-up log names. */
    public static final ConfigType<Integer> MCP_PORT_TYPE =
            ConfigType.of("port|any", HttpKeys::mcpPort, HttpKeys::formatPort);

    /** A port, 1-65535; 0 to serve on the MCP port; or {@code any}: a free port of its own. */
    public static final ConfigType<Integer> MANAGEMENT_PORT_TYPE =
            ConfigType.of("port|0|any", HttpKeys::managementPort, HttpKeys::formatPort);

    private static final String ANY = "any";

    /** {@code http.host}. */
    public static final ConfigKey<HttpSettings, String> HTTP_HOST = ConfigKey.of(
            "http.host",
            "MCP_HTTP_HOST",
            "--host",
            ConfigType.STRING,
            "Address the HTTP server binds; 127.0.0.1 unless set",
            HttpSettings::host,
            (settings, value) -> with(settings, http -> http.host(value)));

    /** {@code http.port}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_PORT = ConfigKey.of(
            "http.port",
            "MCP_HTTP_PORT",
            "--port",
            MCP_PORT_TYPE,
            "Port of the MCP endpoint /mcp; any binds a free port, named in the start-up log",
            settings -> settings.port() == 0 ? HttpSettings.ANY_FREE_PORT : settings.port(),
            (settings, value) -> with(settings, http -> http.port(listenPort(value))));

    /** {@code http.management-port}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MANAGEMENT_PORT = ConfigKey.of(
            "http.management-port",
            "MCP_MANAGEMENT_PORT",
            "--management-port",
            MANAGEMENT_PORT_TYPE,
            "Port of /health, /ready and /metrics; 0 serves them on the MCP port; any binds a free port, named in the"
                    + " start-up log",
            HttpSettings::managementPort,
            (settings, value) -> with(settings, http -> http.managementPort(value)));

    /** {@code http.mode}. */
    public static final ConfigKey<HttpSettings, HttpMode> HTTP_MODE = ConfigKey.of(
            "http.mode",
            "MCP_HTTP_MODE",
            "--http-mode",
            HTTP_MODE_TYPE,
            "stateful (sessions, SSE, GET stream) or stateless (any instance serves any request)",
            HttpSettings::mode,
            (settings, value) -> with(settings, http -> http.mode(value)));

    /** {@code http.allowed-origins}. */
    public static final ConfigKey<HttpSettings, Set<String>> HTTP_ALLOWED_ORIGINS = ConfigKey.of(
            "http.allowed-origins",
            "MCP_ALLOWED_ORIGINS",
            "--allowed-origins",
            ConfigType.LIST,
            "Browser origins allowed to call, comma-separated; empty = loopback origins only; any other Origin gets 403",
            settings -> new LinkedHashSet<>(settings.allowedOrigins()),
            (settings, value) -> with(settings, http -> http.allowedOrigins(List.copyOf(value))));

    /** {@code http.allowed-hosts}. */
    public static final ConfigKey<HttpSettings, Set<String>> HTTP_ALLOWED_HOSTS = ConfigKey.of(
            "http.allowed-hosts",
            "MCP_ALLOWED_HOSTS",
            "--allowed-hosts",
            ConfigType.LIST,
            "Host header values accepted, comma-separated; empty = the bound host, localhost and the loopback address of"
                    + " the bound host's IP family",
            settings -> new LinkedHashSet<>(settings.allowedHosts()),
            (settings, value) -> with(settings, http -> http.allowedHosts(List.copyOf(value))));

    /** {@code http.session-idle-timeout}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_SESSION_IDLE_TIMEOUT = ConfigKey.of(
            "http.session-idle-timeout",
            "MCP_SESSION_IDLE_TIMEOUT",
            "--session-idle-timeout",
            ConfigType.DURATION,
            "Idle MCP sessions are evicted after this",
            HttpSettings::sessionIdleTimeout,
            (settings, value) -> with(settings, http -> http.sessionIdleTimeout(value)));

    /** {@code http.max-sessions}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MAX_SESSIONS = ConfigKey.of(
            "http.max-sessions",
            "MCP_MAX_SESSIONS",
            "--max-sessions",
            ConfigType.INT,
            "Live MCP sessions at most; a new session over the cap gets 503",
            HttpSettings::maxSessions,
            (settings, value) -> with(settings, http -> http.maxSessions(value)));

    /** {@code http.max-sessions-per-caller}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MAX_SESSIONS_PER_CALLER = ConfigKey.of(
            "http.max-sessions-per-caller",
            "MCP_MAX_SESSIONS_PER_CALLER",
            "--max-sessions-per-caller",
            ConfigType.INT,
            "Live MCP sessions one authenticated caller may hold; a new session over it gets 503 (auth on only)",
            HttpSettings::maxSessionsPerCaller,
            (settings, value) -> with(settings, http -> http.maxSessionsPerCaller(value)));

    /** {@code http.max-sessions-per-address}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MAX_SESSIONS_PER_ADDRESS = ConfigKey.of(
            "http.max-sessions-per-address",
            "MCP_MAX_SESSIONS_PER_ADDRESS",
            "--max-sessions-per-address",
            ConfigType.INT,
            "Live MCP sessions one client address may hold when callers are not authenticated; over it gets 503",
            HttpSettings::maxSessionsPerAddress,
            (settings, value) -> with(settings, http -> http.maxSessionsPerAddress(value)));

    /** {@code http.idle-timeout}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_IDLE_TIMEOUT = ConfigKey.of(
            "http.idle-timeout",
            "MCP_HTTP_IDLE_TIMEOUT",
            "--http-idle-timeout",
            ConfigType.DURATION,
            "An HTTP connection idle for this long is closed",
            HttpSettings::idleTimeout,
            (settings, value) -> with(settings, http -> http.idleTimeout(value)));

    /** {@code http.max-connections}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MAX_CONNECTIONS = ConfigKey.of(
            "http.max-connections",
            "MCP_MAX_CONNECTIONS",
            "--max-connections",
            ConfigType.INT,
            "Open HTTP connections at most",
            HttpSettings::maxConnections,
            (settings, value) -> with(settings, http -> http.maxConnections(value)));

    /** {@code http.max-connections-per-address}. */
    public static final ConfigKey<HttpSettings, Integer> HTTP_MAX_CONNECTIONS_PER_ADDRESS = ConfigKey.of(
            "http.max-connections-per-address",
            "MCP_MAX_CONNECTIONS_PER_ADDRESS",
            "--max-connections-per-address",
            ConfigType.INT,
            "Open HTTP connections one client address may hold; one over it is closed at once",
            HttpSettings::maxConnectionsPerAddress,
            (settings, value) -> with(settings, http -> http.maxConnectionsPerAddress(value)));

    /** {@code http.request-head-timeout}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_REQUEST_HEAD_TIMEOUT = ConfigKey.of(
            "http.request-head-timeout",
            "MCP_REQUEST_HEAD_TIMEOUT",
            "--request-head-timeout",
            ConfigType.DURATION,
            "A request's line and headers must arrive within this from their first byte, or the connection is closed",
            HttpSettings::requestHeadTimeout,
            (settings, value) -> with(settings, http -> http.requestHeadTimeout(value)));

    /** {@code http.drain-delay}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_DRAIN_DELAY = ConfigKey.of(
            "http.drain-delay",
            "MCP_DRAIN_DELAY",
            "--drain-delay",
            ConfigType.DURATION,
            "On SIGTERM, how long /ready answers 503 while every request is still served, before the drain; 0 drains at"
                    + " once",
            HttpSettings::drainDelay,
            (settings, value) -> with(settings, http -> http.drainDelay(value)));

    /** {@code http.drain-grace}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_DRAIN_GRACE = ConfigKey.of(
            "http.drain-grace",
            "MCP_DRAIN_GRACE",
            "--drain-grace",
            ConfigType.DURATION,
            "On SIGTERM, how long in-flight calls may take to complete; one still running then is answered as cut off",
            HttpSettings::drainGrace,
            (settings, value) -> with(settings, http -> http.drainGrace(value)));

    /** {@code http.close-grace}. */
    public static final ConfigKey<HttpSettings, Duration> HTTP_CLOSE_GRACE = ConfigKey.of(
            "http.close-grace",
            "MCP_CLOSE_GRACE",
            "--close-grace",
            ConfigType.DURATION,
            "After the drain grace, how long closing may take before the process ends anyway",
            HttpSettings::closeGrace,
            (settings, value) -> with(settings, http -> http.closeGrace(value)));

    /** {@code http.principal}. */
    public static final ConfigKey<HttpSettings, String> HTTP_PRINCIPAL = ConfigKey.of(
            "http.principal",
            "MCP_HTTP_PRINCIPAL",
            "--http-principal",
            ConfigType.STRING,
            "Subject every HTTP request runs as when auth.mode is off (or auto on a loopback bind with no credential)",
            HttpSettings::principal,
            (settings, value) -> with(settings, http -> http.principal(value)));

    /** {@code http.scopes}. */
    public static final ConfigKey<HttpSettings, Set<String>> HTTP_SCOPES = ConfigKey.of(
            "http.scopes",
            "MCP_HTTP_SCOPES",
            "--http-scopes",
            ConfigType.LIST,
            "Scopes of that HTTP principal, comma-separated; * grants all",
            HttpSettings::scopes,
            (settings, value) -> with(settings, http -> http.scopes(value)));

    private static final List<ConfigKey<HttpSettings, ?>> ALL = List.of(
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
            HTTP_DRAIN_DELAY,
            HTTP_DRAIN_GRACE,
            HTTP_CLOSE_GRACE,
            HTTP_PRINCIPAL,
            HTTP_SCOPES);

    private HttpKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<HttpSettings, ?>> all() {
        return ALL;
    }

    /**
     * A server listens on the port it is given: {@code http.port} 0, which would read as "off", is refused from
     * configuration; {@code any} ({@link HttpSettings#ANY_FREE_PORT} here, 0 in {@link HttpSettings}) asks for a free
     * port.
     */
    private static int listenPort(int value) {
        if (value == HttpSettings.ANY_FREE_PORT) {
            return 0;
        }
        if (value < 1 || value > 65_535) {
            throw ConfigProblem.of("http.port", "must be 1-65535 or any, was " + value)
                    .refusal();
        }
        return value;
    }

    private static int mcpPort(String text) {
        return text.trim().equalsIgnoreCase(ANY) ? HttpSettings.ANY_FREE_PORT : ConfigType.INT.parse(text);
    }

    private static String formatPort(int port) {
        return port == HttpSettings.ANY_FREE_PORT ? ANY : String.valueOf(port);
    }

    private static int managementPort(String text) {
        return text.trim().equalsIgnoreCase(ANY) ? HttpSettings.ANY_FREE_PORT : ConfigType.INT.parse(text);
    }

    private static HttpMode httpMode(String text) {
        try {
            return HttpMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be stateful or stateless");
        }
    }

    private static HttpSettings with(HttpSettings settings, UnaryOperator<HttpSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
