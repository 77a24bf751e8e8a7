package dev.bulwark.http;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the Streamable HTTP server listens and guards its edge ({@code http.*}), as the adapter, serve's
 * {@code BulwarkHttp} and the server jar take it. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param host the address both ports bind
 * @param port the MCP port ({@code /mcp}); 0 binds a free port
 * @param managementPort the port of {@code /health}, {@code /ready} and {@code /metrics}; {@link #ON_MCP_PORT}
 *     serves them on the MCP port, {@link #ANY_FREE_PORT} binds a free port of their own
 * @param mode stateful or stateless
 * @param allowedOrigins browser origins allowed to call; empty allows loopback origins only
 * @param allowedHosts {@code Host} header values accepted, {@code host} or {@code host:port}; empty accepts the
 *     local names
 * @param sessionIdleTimeout how long a session with no request and no open stream lives
 * @param maxSessions live sessions at most
 * @param maxSessionsPerCaller live sessions of one authenticated caller at most
 * @param idleTimeout how long a silent connection stays open; it also bounds each read of a request
 * @param maxConnections open connections on the MCP port at most
 * @param drainGrace how long a drain lets the calls in flight complete
 * @param closeGrace how long the server jar's stop may take after the drain grace
 * @param principal the subject every request runs as while HTTP authentication is off
 * @param scopes the scopes of that principal; {@code *} grants all
 * @param requestHeadTimeout how long a request head may take to arrive, from its first byte
 * @param maxConnectionsPerAddress open connections on the MCP port of one client address at most
 * @param maxSessionsPerAddress live sessions of one client address at most, when callers are not authenticated
 * @param drainDelay how long, once asked to stop, the server goes on serving while {@code /ready} answers 503, so a
 *     load balancer takes it out before the drain refuses new requests; zero drains at once
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
        Duration closeGrace,
        String principal,
        Set<String> scopes,
        Duration requestHeadTimeout,
        int maxConnectionsPerAddress,
        int maxSessionsPerAddress,
        Duration drainDelay) {

    /** The {@link #managementPort()} that serves the operations endpoints on the MCP port. */
    public static final int ON_MCP_PORT = 0;

    /**
     * The {@link #managementPort()} that binds a free port the operating system picks ({@code any} in
     * configuration); {@link McpHttpServer#managementPort()} tells which. 0 cannot say it: 0 is {@link #ON_MCP_PORT}.
     */
    public static final int ANY_FREE_PORT = -1;

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 9090;
    public static final HttpMode DEFAULT_MODE = HttpMode.STATEFUL;
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    /** A tenth of {@link #DEFAULT_MAX_SESSIONS}. */
    public static final int DEFAULT_MAX_SESSIONS_PER_CALLER = 100;

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(20);
    /**
     * Enough for a Kubernetes Service to drop a terminating pod's endpoint, and for a balancer that checks
     * {@code /ready} every second and takes an instance out after 3 failures (HAProxy {@code inter 1s fall 3}).
     */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    /** Enough for a drained server whose dependencies answer slowly: the last spans alone may take 5 s. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(15);

    public static final String DEFAULT_PRINCIPAL = "anonymous";
    /** Read-only by default: the built-in read tools work, nothing that writes does. */
    public static final Set<String> DEFAULT_SCOPES = Set.of("tools:read", "ops:read");

    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** A tenth of {@link #DEFAULT_MAX_CONNECTIONS}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    /** A tenth of {@link #DEFAULT_MAX_SESSIONS}. */
    public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 100;

    public HttpSettings {
        requireText(host, "http.host");
        requirePort(port, "http.port");
        if (managementPort != ANY_FREE_PORT) {
            requirePort(managementPort, "http.management-port");
        }
        Objects.requireNonNull(mode, "http.mode");
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "http.allowed-origins"));
        if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw ConfigProblem.of(
                            "http.allowed-origins",
                            "must list origins such as https://app.example.com; a wildcard is never allowed")
                    .refusal();
        }
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "http.allowed-hosts"));
        requirePositive(sessionIdleTimeout, "http.session-idle-timeout");
        requireAtLeastOne(maxSessions, "http.max-sessions");
        requireAtLeastOne(maxSessionsPerCaller, "http.max-sessions-per-caller");
        requirePositive(idleTimeout, "http.idle-timeout");
        requireAtLeastOne(maxConnections, "http.max-connections");
        requirePositive(drainGrace, "http.drain-grace");
        requirePositive(closeGrace, "http.close-grace");
        requireText(principal, "http.principal");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "http.scopes"));
        requirePositive(requestHeadTimeout, "http.request-head-timeout");
        requireAtLeastOne(maxConnectionsPerAddress, "http.max-connections-per-address");
        requireAtLeastOne(maxSessionsPerAddress, "http.max-sessions-per-address");
        requireNotNegative(drainDelay, "http.drain-delay");
    }

    /** Loopback, ports 8080 and 9090, stateful, read-only anonymous callers. */
    public static HttpSettings defaults() {
        return new HttpSettings(
                DEFAULT_HOST,
                DEFAULT_PORT,
                DEFAULT_MANAGEMENT_PORT,
                DEFAULT_MODE,
                List.of(),
                List.of(),
                DEFAULT_SESSION_IDLE_TIMEOUT,
                DEFAULT_MAX_SESSIONS,
                DEFAULT_MAX_SESSIONS_PER_CALLER,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_DRAIN_GRACE,
                DEFAULT_CLOSE_GRACE,
                DEFAULT_PRINCIPAL,
                DEFAULT_SCOPES,
                DEFAULT_REQUEST_HEAD_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_MAX_SESSIONS_PER_ADDRESS,
                DEFAULT_DRAIN_DELAY);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The principal every request runs as while HTTP authentication is off: {@link #principal}, {@link #scopes}. */
    public Principal caller() {
        return new Principal(principal, scopes);
    }

    /** Whether {@code /health}, {@code /ready} and {@code /metrics} share the MCP port. */
    public boolean operationsOnMcpPort() {
        return managementPort == ON_MCP_PORT;
    }

    /** The port the management connector asks to bind: 0 (any free port) for {@link #ANY_FREE_PORT}. */
    int managementPortToBind() {
        return managementPort == ANY_FREE_PORT ? 0 : managementPort;
    }

    /**
     * What is wrong across this section's keys, each accepted alone; empty when nothing.
     */
    public List<ConfigProblem> problems() {
        if (managementPort != ON_MCP_PORT && managementPort == port) {
            return List.of(ConfigProblem.of(
                    "http.management-port",
                    "is the same as http.port (" + port + ")",
                    "give it another port, or 0 to serve /health, /ready and /metrics on the MCP port"));
        }
        return List.of();
    }

    private static void requirePort(int port, String key) {
        if (port < 0 || port > 65_535) {
            throw ConfigProblem.of(key, "must be 0-65535, was " + port).refusal();
        }
    }

    private static void requireAtLeastOne(int value, String key) {
        if (value < 1) {
            throw ConfigProblem.of(key, "must be at least 1, was " + value).refusal();
        }
    }

    private static void requireText(String value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isBlank()) {
            throw ConfigProblem.of(key, "must not be blank").refusal();
        }
    }

    private static void requireNotNegative(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw ConfigProblem.of(key, "must not be negative, was " + value).refusal();
        }
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw ConfigProblem.of(key, "must be positive, was " + value).refusal();
        }
    }

    /**
     * Builds {@link HttpSettings}; {@link #build()} checks every value and names the key of the first one out of
     * range. The record's components say what each means. Not thread-safe.
     */
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
        private Duration closeGrace;
        private String principal;
        private Set<String> scopes;
        private Duration requestHeadTimeout;
        private int maxConnectionsPerAddress;
        private int maxSessionsPerAddress;
        private Duration drainDelay;

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
            this.closeGrace = from.closeGrace;
            this.principal = from.principal;
            this.scopes = from.scopes;
            this.requestHeadTimeout = from.requestHeadTimeout;
            this.maxConnectionsPerAddress = from.maxConnectionsPerAddress;
            this.maxSessionsPerAddress = from.maxSessionsPerAddress;
            this.drainDelay = from.drainDelay;
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

        public Builder closeGrace(Duration value) {
            this.closeGrace = value;
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

        /** Sets {@link #principal} and {@link #scopes} from {@code value}. */
        public Builder caller(Principal value) {
            Objects.requireNonNull(value, "caller");
            this.principal = value.subject();
            this.scopes = value.scopes();
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

        public Builder drainDelay(Duration value) {
            this.drainDelay = value;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the key of the first value out of range
         * @throws NullPointerException naming the key of the first value missing
         */
        public HttpSettings build() {
            return new HttpSettings(
                    host,
                    port,
                    managementPort,
                    mode,
                    allowedOrigins,
                    allowedHosts,
                    sessionIdleTimeout,
                    maxSessions,
                    maxSessionsPerCaller,
                    idleTimeout,
                    maxConnections,
                    drainGrace,
                    closeGrace,
                    principal,
                    scopes,
                    requestHeadTimeout,
                    maxConnectionsPerAddress,
                    maxSessionsPerAddress,
                    drainDelay);
        }
    }
}
