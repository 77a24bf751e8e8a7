package dev.bulwark.serve.config;

import dev.bulwark.http.HttpMode;
import dev.bulwark.http.auth.HttpAuthSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Streamable HTTP transport and its edge, as {@link dev.bulwark.serve.BulwarkHttp} serves it ({@code http.*}).
 * Give it with {@code BulwarkHttp.builder(bulwark).settings(...)}; start from {@link #defaults()} or
 * {@link #builder()}.
 *
 * @param host the address to bind; {@code 127.0.0.1} unless configured otherwise
 * @param port the MCP port ({@code /mcp})
 * @param managementPort the port of {@code /health}, {@code /ready}, {@code /metrics}; 0 = the MCP port
 * @param mode stateful (sessions, SSE, GET stream) or stateless (any instance serves any request)
 * @param allowedOrigins browser origins allowed to call (DNS-rebinding protection); empty = loopback origins only;
 *     requests without an Origin pass; a wildcard is never accepted
 * @param allowedHosts Host header values accepted; empty = the bound host, localhost and the loopback address of the
 *     bound host's IP family
 * @param sessionIdleTimeout idle sessions are evicted after this
 * @param maxSessions live sessions at most; a new one over the cap gets 503
 * @param maxSessionsPerCaller live sessions one authenticated caller (a principal's subject) may hold at most, so one
 *     caller cannot take every place under {@code maxSessions}; applies only when HTTP authentication is on
 * @param idleTimeout a connection idle for this long is closed
 * @param maxConnections open connections at most
 * @param drainGrace how long {@link dev.bulwark.serve.BulwarkHttp#drain()} lets in-flight calls complete
 * @param principal the subject every HTTP request runs as until HTTP authentication is configured
 * @param scopes the scopes of that principal; {@code *} grants all
 * @param requestHeadTimeout the request line and headers of a request must arrive within this from their first byte,
 *     however they trickle in, or the connection is closed
 * @param maxConnectionsPerAddress open connections one client address may hold; one over it is closed at once
 * @param maxSessionsPerAddress live sessions one client address may hold when callers are not authenticated
 *     (authentication off); a new one over it gets 503
 */
public record HttpSettings(
        String host,
        int port,
        int managementPort,
        HttpMode mode,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Duration sessionIdleTimeout,
        int maxSessions,
        int maxSessionsPerCaller,
        Duration idleTimeout,
        int maxConnections,
        Duration drainGrace,
        String principal,
        Set<String> scopes,
        Duration requestHeadTimeout,
        int maxConnectionsPerAddress,
        int maxSessionsPerAddress) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 9090;
    public static final HttpMode DEFAULT_MODE = HttpMode.STATEFUL;
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    /** The HTTP adapter's own default, so it is written once. */
    public static final int DEFAULT_MAX_SESSIONS_PER_CALLER = HttpAuthSettings.DEFAULT_MAX_SESSIONS_PER_CALLER;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(20);
    public static final String DEFAULT_PRINCIPAL = "anonymous";
    /** Read-only by default: the built-in read tools work, nothing that writes does. */
    public static final Set<String> DEFAULT_SCOPES = Set.of("tools:read", "ops:read");
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** A tenth of {@link #DEFAULT_MAX_CONNECTIONS}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    /** A tenth of {@link #DEFAULT_MAX_SESSIONS}. */
    public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 100;

    public HttpSettings {
        Checks.requireText(host, "http.host");
        requirePort(port, "http.port", false);
        requirePort(managementPort, "http.management-port", true);
        Objects.requireNonNull(mode, "http.mode");
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "http.allowed-origins"));
        if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new IllegalArgumentException(
                    "http.allowed-origins must list origins such as https://app.example.com; a wildcard is never allowed");
        }
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "http.allowed-hosts"));
        Checks.requirePositive(sessionIdleTimeout, "http.session-idle-timeout");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("http.max-sessions must be at least 1, was " + maxSessions);
        }
        if (maxSessionsPerCaller < 1) {
            throw new IllegalArgumentException("http.max-sessions-per-caller must be at least 1, was "
                    + maxSessionsPerCaller);
        }
        Checks.requirePositive(idleTimeout, "http.idle-timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections must be at least 1, was " + maxConnections);
        }
        Checks.requirePositive(drainGrace, "http.drain-grace");
        Checks.requireText(principal, "http.principal");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "http.scopes"));
        Checks.requirePositive(requestHeadTimeout, "http.request-head-timeout");
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("http.max-connections-per-address must be at least 1, was "
                    + maxConnectionsPerAddress);
        }
        if (maxSessionsPerAddress < 1) {
            throw new IllegalArgumentException("http.max-sessions-per-address must be at least 1, was "
                    + maxSessionsPerAddress);
        }
    }

    /** Loopback, ports 8080 and 9090, stateful, read-only anonymous callers. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT, DEFAULT_MODE, List.of(),
                List.of(), DEFAULT_SESSION_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CALLER,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_DRAIN_GRACE, DEFAULT_PRINCIPAL,
                DEFAULT_SCOPES, DEFAULT_REQUEST_HEAD_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_MAX_SESSIONS_PER_ADDRESS);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePort(int port, String key, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
            throw new IllegalArgumentException(key + " must be " + (zeroAllowed ? "0" : "1") + "-65535, was " + port);
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

    /** Builds {@link HttpSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String host;
        private int port;
        private int managementPort;
        private HttpMode mode;
        private List<String> allowedOrigins;
        private List<String> allowedHosts;
        private Duration sessionIdleTimeout;
        private int maxSessions;
        private int maxSessionsPerCaller;
        private Duration idleTimeout;
        private int maxConnections;
        private Duration drainGrace;
        private String principal;
        private Set<String> scopes;
        private Duration requestHeadTimeout;
        private int maxConnectionsPerAddress;
        private int maxSessionsPerAddress;

        private Builder(HttpSettings from) {
            this.host = from.host;
            this.port = from.port;
            this.managementPort = from.managementPort;
            this.mode = from.mode;
            this.allowedOrigins = from.allowedOrigins;
            this.allowedHosts = from.allowedHosts;
            this.sessionIdleTimeout = from.sessionIdleTimeout;
            this.maxSessions = from.maxSessions;
            this.maxSessionsPerCaller = from.maxSessionsPerCaller;
            this.idleTimeout = from.idleTimeout;
            this.maxConnections = from.maxConnections;
            this.drainGrace = from.drainGrace;
            this.principal = from.principal;
            this.scopes = from.scopes;
            this.requestHeadTimeout = from.requestHeadTimeout;
            this.maxConnectionsPerAddress = from.maxConnectionsPerAddress;
            this.maxSessionsPerAddress = from.maxSessionsPerAddress;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder managementPort(int value) {
            this.managementPort = value;
            return this;
        }

        public Builder mode(HttpMode value) {
            this.mode = value;
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        public Builder allowedHosts(List<String> value) {
            this.allowedHosts = value;
            return this;
        }

        public Builder sessionIdleTimeout(Duration value) {
            this.sessionIdleTimeout = value;
            return this;
        }

        public Builder maxSessions(int value) {
            this.maxSessions = value;
            return this;
        }

        public Builder maxSessionsPerCaller(int value) {
            this.maxSessionsPerCaller = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder drainGrace(Duration value) {
            this.drainGrace = value;
            return this;
        }

        public Builder principal(String value) {
            this.principal = value;
            return this;
        }

        public Builder scopes(Set<String> value) {
            this.scopes = value;
            return this;
        }

        public Builder requestHeadTimeout(Duration value) {
            this.requestHeadTimeout = value;
            return this;
        }

        public Builder maxConnectionsPerAddress(int value) {
            this.maxConnectionsPerAddress = value;
            return this;
        }

        public Builder maxSessionsPerAddress(int value) {
            this.maxSessionsPerAddress = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public HttpSettings build() {
            return new HttpSettings(host, port, managementPort, mode, allowedOrigins, allowedHosts,
                    sessionIdleTimeout, maxSessions, maxSessionsPerCaller, idleTimeout, maxConnections, drainGrace,
                    principal, scopes, requestHeadTimeout, maxConnectionsPerAddress, maxSessionsPerAddress);
        }
    }
}
