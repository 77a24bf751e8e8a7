package dev.bulwark.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The Streamable HTTP transport and its edge. Off by default: the server speaks stdio unless {@code --http} (or
 * {@code http.enabled}) is set.
 *
 * @param enabled serve MCP over HTTP instead of stdio
 * @param host the address to bind; {@code 127.0.0.1} unless configured otherwise
 * @param port the MCP port ({@code /mcp})
 * @param managementPort the port of {@code /health}, {@code /ready}, {@code /metrics}; 0 = the MCP port
 * @param mode stateful (sessions, SSE, GET stream) or stateless (any instance serves any request)
 * @param allowedOrigins browser origins allowed to call (DNS-rebinding protection); empty = loopback origins only;
 *     requests without an Origin pass; a wildcard is never accepted
 * @param allowedHosts Host header values accepted; empty = the bound host and localhost names with the port
 * @param sessionIdleTimeout idle sessions are evicted after this
 * @param maxSessions live sessions at most; a new one over the cap gets 503
 * @param maxSessionsPerCaller live sessions one authenticated caller (a principal's subject) may hold at most, so one
 *     caller cannot take every place under {@code maxSessions}; applies only when HTTP authentication is on
 * @param idleTimeout a connection idle for this long is closed
 * @param maxConnections open connections at most
 * @param drainGrace on SIGTERM, how long in-flight calls may take to complete
 * @param principal the subject every HTTP request runs as until HTTP authentication is configured
 * @param scopes the scopes of that principal; {@code *} grants all
 */
public record HttpSettings(
        boolean enabled,
        String host,
        int port,
        int managementPort,
        Mode mode,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Duration sessionIdleTimeout,
        int maxSessions,
        int maxSessionsPerCaller,
        Duration idleTimeout,
        int maxConnections,
        Duration drainGrace,
        String principal,
        Set<String> scopes) {

    /** How HTTP sessions work. */
    public enum Mode {
        /** Sessions, SSE responses, the GET stream, DELETE to end a session. */
        STATEFUL,
        /** No sessions: every request stands alone. */
        STATELESS;

        /** The mode named {@code text}, case-insensitively. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be stateful or stateless");
            }
        }
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 9090;
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    public static final int DEFAULT_MAX_SESSIONS_PER_CALLER = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(20);
    public static final String DEFAULT_PRINCIPAL = "anonymous";
    /** Read-only by default: the built-in read tools work, nothing that writes does. */
    public static final Set<String> DEFAULT_SCOPES = Set.of("tools:read", "ops:read");

    public HttpSettings {
        ServerSettings.requireText(host, "http.host");
        requirePort(port, "http.port", false);
        requirePort(managementPort, "http.management-port", true);
        Objects.requireNonNull(mode, "http.mode");
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "http.allowed-origins"));
        if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new IllegalArgumentException(
                    "http.allowed-origins must list origins such as https://app.example.com; a wildcard is never allowed");
        }
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "http.allowed-hosts"));
        requirePositive(sessionIdleTimeout, "http.session-idle-timeout");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("http.max-sessions must be at least 1, was " + maxSessions);
        }
        if (maxSessionsPerCaller < 1) {
            throw new IllegalArgumentException("http.max-sessions-per-caller must be at least 1, was "
                    + maxSessionsPerCaller);
        }
        requirePositive(idleTimeout, "http.idle-timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections must be at least 1, was " + maxConnections);
        }
        requirePositive(drainGrace, "http.drain-grace");
        ServerSettings.requireText(principal, "http.principal");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "http.scopes"));
    }

    public static HttpSettings defaults() {
        return new HttpSettings(false, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT, Mode.STATEFUL, List.of(), List.of(), DEFAULT_SESSION_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CALLER, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_DRAIN_GRACE, DEFAULT_PRINCIPAL, DEFAULT_SCOPES);
    }

    private static void requirePort(int port, String key, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
            throw new IllegalArgumentException(key + " must be " + (zeroAllowed ? "0" : "1") + "-65535, was " + port);
        }
    }

    static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    /**
     * What is wrong across this section's keys, each accepted alone: {@code "<key> <reason>"}, empty when nothing.
     */
    public List<String> problems() {
        if (managementPort != 0 && managementPort == port) {
            return List.of("http.management-port is the same as http.port (" + port + "): give it another port, or 0"
                    + " to serve /health, /ready and /metrics on the MCP port");
        }
        return List.of();
    }

    /** A copy with {@code enabled} replaced. */
    public HttpSettings withEnabled(boolean value) {
        return new HttpSettings(value, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code host} replaced. */
    public HttpSettings withHost(String value) {
        return new HttpSettings(enabled, value, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code port} replaced. */
    public HttpSettings withPort(int value) {
        return new HttpSettings(enabled, host, value, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code managementPort} replaced. */
    public HttpSettings withManagementPort(int value) {
        return new HttpSettings(enabled, host, port, value, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code mode} replaced. */
    public HttpSettings withMode(Mode value) {
        return new HttpSettings(enabled, host, port, managementPort, value, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code allowedOrigins} replaced. */
    public HttpSettings withAllowedOrigins(List<String> value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, value, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code allowedHosts} replaced. */
    public HttpSettings withAllowedHosts(List<String> value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, value, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code sessionIdleTimeout} replaced. */
    public HttpSettings withSessionIdleTimeout(Duration value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, value, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code maxSessions} replaced. */
    public HttpSettings withMaxSessions(int value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, value, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code maxSessionsPerCaller} replaced. */
    public HttpSettings withMaxSessionsPerCaller(int value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, value, idleTimeout, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code idleTimeout} replaced. */
    public HttpSettings withIdleTimeout(Duration value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, value, maxConnections, drainGrace, principal, scopes);
    }

    /** A copy with {@code maxConnections} replaced. */
    public HttpSettings withMaxConnections(int value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, value, drainGrace, principal, scopes);
    }

    /** A copy with {@code drainGrace} replaced. */
    public HttpSettings withDrainGrace(Duration value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, value, principal, scopes);
    }

    /** A copy with {@code principal} replaced. */
    public HttpSettings withPrincipal(String value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, value, scopes);
    }

    /** A copy with {@code scopes} replaced. */
    public HttpSettings withScopes(Set<String> value) {
        return new HttpSettings(enabled, host, port, managementPort, mode, allowedOrigins, allowedHosts, sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace, principal, value);
    }
}
