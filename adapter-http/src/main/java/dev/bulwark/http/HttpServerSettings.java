package dev.bulwark.http;

import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTTP server needs to know, in the adapter's own terms (the bootstrap maps its configuration onto
 * it). Immutable.
 *
 * @param host the address both ports bind; {@code 127.0.0.1} keeps the server local
 * @param port the MCP port ({@code /mcp}); 0 picks a free port
 * @param managementPort the port of {@code /health}, {@code /ready} and {@code /metrics}; {@code -1} serves them on
 *     the MCP port, 0 picks a free port
 * @param mode stateful (sessions) or stateless
 * @param allowedOrigins browser origins allowed to call; empty allows only loopback origins ({@code localhost},
 *     {@code 127.0.0.1}, {@code [::1]}, any port). Requests without an {@code Origin} header always pass
 * @param allowedHosts {@code Host} header values accepted, as {@code host} (any port) or {@code host:port}; empty
 *     accepts {@code localhost}, the loopback address of the IP family the server listens on, and the bound host
 * @param sessionIdleTimeout a session with no request and no open stream for this long is ended
 * @param maxSessions live sessions at most; an {@code initialize} over the cap gets 503
 * @param idleTimeout a connection that sends or receives nothing for this long is closed; it also bounds every
 *     single read of a request
 * @param maxConnections open connections on the MCP port at most; more wait in the accept queue
 * @param maxRequestBytes the largest request body accepted; larger bodies get 413
 * @param caller the principal every request runs as until HTTP authentication is configured
 * @param requestHeadTimeout the whole head of a request (request line and headers) must arrive within this from its
 *     first byte, however it trickles in, or the connection is closed
 * @param maxConnectionsPerAddress open connections on the MCP port one client address may hold at most; a connection
 *     over it is closed at once
 * @param maxSessionsPerAddress live sessions one client address may hold when callers are not authenticated; an
 *     {@code initialize} over it gets 503
 */
public record HttpServerSettings(
        String host,
        int port,
        int managementPort,
        HttpMode mode,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Duration sessionIdleTimeout,
        int maxSessions,
        Duration idleTimeout,
        int maxConnections,
        long maxRequestBytes,
        Principal caller,
        Duration requestHeadTimeout,
        int maxConnectionsPerAddress,
        int maxSessionsPerAddress) {

    /** The {@link #managementPort()} value that serves the operations endpoints on the MCP port. */
    public static final int SAME_PORT = -1;

    public HttpServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (managementPort < SAME_PORT || managementPort > 65_535) {
            throw new IllegalArgumentException(
                    "managementPort must be -1 (same port) or 0-65535, was " + managementPort);
        }
        Objects.requireNonNull(mode, "mode");
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new IllegalArgumentException("allowedOrigins must name origins; a wildcard is never allowed");
        }
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
        requirePositive(sessionIdleTimeout, "sessionIdleTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxRequestBytes must be 1-" + Integer.MAX_VALUE + ", was "
                    + maxRequestBytes);
        }
        Objects.requireNonNull(caller, "caller");
        requirePositive(requestHeadTimeout, "requestHeadTimeout");
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be at least 1, was "
                    + maxConnectionsPerAddress);
        }
        if (maxSessionsPerAddress < 1) {
            throw new IllegalArgumentException("maxSessionsPerAddress must be at least 1, was "
                    + maxSessionsPerAddress);
        }
    }

    /**
     * A builder starting from local defaults: loopback, ports 8080 and 9090, stateful, 1 MiB bodies, an anonymous
     * caller with no scopes, a request head within 10 s, and a tenth of the connections and sessions per client
     * address.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.port = port;
        builder.managementPort = managementPort;
        builder.mode = mode;
        builder.allowedOrigins = allowedOrigins;
        builder.allowedHosts = allowedHosts;
        builder.sessionIdleTimeout = sessionIdleTimeout;
        builder.maxSessions = maxSessions;
        builder.idleTimeout = idleTimeout;
        builder.maxConnections = maxConnections;
        builder.maxRequestBytes = maxRequestBytes;
        builder.caller = caller;
        builder.requestHeadTimeout = requestHeadTimeout;
        builder.maxConnectionsPerAddress = maxConnectionsPerAddress;
        builder.maxSessionsPerAddress = maxSessionsPerAddress;
        return builder;
    }

    /** Whether {@code /health}, {@code /ready} and {@code /metrics} share the MCP port. */
    public boolean operationsOnMcpPort() {
        return managementPort == SAME_PORT;
    }

    /** A copy with {@code host} replaced. */
    public HttpServerSettings withHost(String value) {
        return toBuilder().host(value).build();
    }

    /** A copy with {@code port} replaced. */
    public HttpServerSettings withPort(int value) {
        return toBuilder().port(value).build();
    }

    /** A copy with {@code managementPort} replaced. */
    public HttpServerSettings withManagementPort(int value) {
        return toBuilder().managementPort(value).build();
    }

    /** A copy with {@code mode} replaced. */
    public HttpServerSettings withMode(HttpMode value) {
        return toBuilder().mode(value).build();
    }

    /** A copy with {@code allowedOrigins} replaced. */
    public HttpServerSettings withAllowedOrigins(List<String> value) {
        return toBuilder().allowedOrigins(value).build();
    }

    /** A copy with {@code sessionIdleTimeout} replaced. */
    public HttpServerSettings withSessionIdleTimeout(Duration value) {
        return toBuilder().sessionIdleTimeout(value).build();
    }

    /** A copy with {@code maxSessions} replaced. */
    public HttpServerSettings withMaxSessions(int value) {
        return toBuilder().maxSessions(value).build();
    }

    /** A copy with {@code idleTimeout} replaced. */
    public HttpServerSettings withIdleTimeout(Duration value) {
        return toBuilder().idleTimeout(value).build();
    }

    /** A copy with {@code maxConnections} replaced. */
    public HttpServerSettings withMaxConnections(int value) {
        return toBuilder().maxConnections(value).build();
    }

    /** A copy with {@code maxRequestBytes} replaced. */
    public HttpServerSettings withMaxRequestBytes(long value) {
        return toBuilder().maxRequestBytes(value).build();
    }

    /** A copy with {@code requestHeadTimeout} replaced. */
    public HttpServerSettings withRequestHeadTimeout(Duration value) {
        return toBuilder().requestHeadTimeout(value).build();
    }

    /** A copy with {@code maxConnectionsPerAddress} replaced. */
    public HttpServerSettings withMaxConnectionsPerAddress(int value) {
        return toBuilder().maxConnectionsPerAddress(value).build();
    }

    /** A copy with {@code maxSessionsPerAddress} replaced. */
    public HttpServerSettings withMaxSessionsPerAddress(int value) {
        return toBuilder().maxSessionsPerAddress(value).build();
    }

    /**
     * Builds {@link HttpServerSettings}; each value is checked by {@link #build()}, which names the first bad one. The
     * record's components say what each means. Not thread-safe.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int managementPort = 9090;
        private HttpMode mode = HttpMode.STATEFUL;
        private List<String> allowedOrigins = List.of();
        private List<String> allowedHosts = List.of();
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private int maxSessions = 1000;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxConnections = 1000;
        private long maxRequestBytes = 1024 * 1024;
        private Principal caller = Principal.of("anonymous");
        private Duration requestHeadTimeout = Duration.ofSeconds(10);
        private int maxConnectionsPerAddress = 100;
        private int maxSessionsPerAddress = 100;

        private Builder() {
        }

        /** See {@link HttpServerSettings#host()}. */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** See {@link HttpServerSettings#port()}. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** See {@link HttpServerSettings#managementPort()}. */
        public Builder managementPort(int value) {
            this.managementPort = value;
            return this;
        }

        /** See {@link HttpServerSettings#mode()}. */
        public Builder mode(HttpMode value) {
            this.mode = value;
            return this;
        }

        /** See {@link HttpServerSettings#allowedOrigins()}. */
        public Builder allowedOrigins(List<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        /** See {@link HttpServerSettings#allowedHosts()}. */
        public Builder allowedHosts(List<String> value) {
            this.allowedHosts = value;
            return this;
        }

        /** See {@link HttpServerSettings#sessionIdleTimeout()}. */
        public Builder sessionIdleTimeout(Duration value) {
            this.sessionIdleTimeout = value;
            return this;
        }

        /** See {@link HttpServerSettings#maxSessions()}. */
        public Builder maxSessions(int value) {
            this.maxSessions = value;
            return this;
        }

        /** See {@link HttpServerSettings#idleTimeout()}. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /** See {@link HttpServerSettings#maxConnections()}. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** See {@link HttpServerSettings#maxRequestBytes()}. */
        public Builder maxRequestBytes(long value) {
            this.maxRequestBytes = value;
            return this;
        }

        /** See {@link HttpServerSettings#caller()}. */
        public Builder caller(Principal value) {
            this.caller = value;
            return this;
        }

        /** See {@link HttpServerSettings#requestHeadTimeout()}. */
        public Builder requestHeadTimeout(Duration value) {
            this.requestHeadTimeout = value;
            return this;
        }

        /** See {@link HttpServerSettings#maxConnectionsPerAddress()}. */
        public Builder maxConnectionsPerAddress(int value) {
            this.maxConnectionsPerAddress = value;
            return this;
        }

        /** See {@link HttpServerSettings#maxSessionsPerAddress()}. */
        public Builder maxSessionsPerAddress(int value) {
            this.maxSessionsPerAddress = value;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first value out of range
         * @throws NullPointerException naming the first value missing
         */
        public HttpServerSettings build() {
            return new HttpServerSettings(host, port, managementPort, mode, allowedOrigins, allowedHosts,
                    sessionIdleTimeout, maxSessions, idleTimeout, maxConnections, maxRequestBytes, caller,
                    requestHeadTimeout, maxConnectionsPerAddress, maxSessionsPerAddress);
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
