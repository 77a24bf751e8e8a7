package dev.bulwark.http.auth;

import dev.bulwark.ports.security.AddressRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How HTTP callers authenticate: the API keys, the JWT verification, the resource identity published in the
 * protected resource metadata (RFC 9728), the per-client limit on failed attempts and the proxies trusted to name the
 * client, and the scopes of each tool for {@code insufficient_scope} answers. {@link #off()} means no authentication:
 * every request runs as the configured caller. Built with {@link #builder()}; immutable.
 */
public final class HttpAuthSettings {

    private final boolean enabled;
    private final ApiKeys apiKeys;
    private final Optional<JwtSettings> jwt;
    private final Optional<String> resourceUrl;
    private final List<String> authorizationServers;
    private final List<String> scopesSupported;
    private final int failuresPerMinute;
    private final List<AddressRange> trustedProxies;
    private final ToolScopes toolScopes;

    private HttpAuthSettings(Builder builder, boolean enabled) {
        this.enabled = enabled;
        this.apiKeys = builder.apiKeys;
        this.jwt = builder.jwt;
        this.resourceUrl = builder.resourceUrl;
        this.authorizationServers = List.copyOf(builder.authorizationServers);
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.failuresPerMinute = builder.failuresPerMinute;
        this.trustedProxies = List.copyOf(builder.trustedProxies);
        this.toolScopes = builder.toolScopes;
    }

    /** No authentication: every HTTP request runs as the configured caller. */
    public static HttpAuthSettings off() {
        return new HttpAuthSettings(new Builder(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether HTTP callers must authenticate. */
    public boolean enabled() {
        return enabled;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Optional<JwtSettings> jwt() {
        return jwt;
    }

    /** The canonical URL of the MCP endpoint; empty = derived from each request's scheme and Host. */
    public Optional<String> resourceUrl() {
        return resourceUrl;
    }

    public List<String> authorizationServers() {
        return authorizationServers;
    }

    public List<String> scopesSupported() {
        return scopesSupported;
    }

    /** Failed attempts one client address may make per minute before it gets 429. */
    public int failuresPerMinute() {
        return failuresPerMinute;
    }

    /** The proxies whose {@code X-Forwarded-For} names the client address of a request ({@link ClientAddresses}). */
    public List<AddressRange> trustedProxies() {
        return trustedProxies;
    }

    public ToolScopes toolScopes() {
        return toolScopes;
    }

    /** Collects the settings of an enabled authentication; at least API keys or JWT verification is required. */
    public static final class Builder {
        private ApiKeys apiKeys = ApiKeys.none();
        private Optional<JwtSettings> jwt = Optional.empty();
        private Optional<String> resourceUrl = Optional.empty();
        private List<String> authorizationServers = List.of();
        private List<String> scopesSupported = List.of();
        private int failuresPerMinute = 10;
        private List<AddressRange> trustedProxies = List.of();
        private ToolScopes toolScopes = ToolScopes.none();

        private Builder() {}

        public Builder apiKeys(ApiKeys value) {
            this.apiKeys = Objects.requireNonNull(value, "apiKeys");
            return this;
        }

        public Builder jwt(JwtSettings value) {
            this.jwt = Optional.of(value);
            return this;
        }

        /** The canonical URL of the MCP endpoint, such as {@code https://mcp.example.com/mcp}. */
        public Builder resourceUrl(String value) {
            this.resourceUrl = Optional.of(value);
            return this;
        }

        public Builder authorizationServers(List<String> value) {
            this.authorizationServers = Objects.requireNonNull(value, "authorizationServers");
            return this;
        }

        public Builder scopesSupported(List<String> value) {
            this.scopesSupported = Objects.requireNonNull(value, "scopesSupported");
            return this;
        }

        public Builder failuresPerMinute(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("failuresPerMinute must be at least 1, was " + value);
            }
            this.failuresPerMinute = value;
            return this;
        }

        /** The load balancers or reverse proxies in front of the server; none by default. */
        public Builder trustedProxies(List<AddressRange> value) {
            this.trustedProxies = Objects.requireNonNull(value, "trustedProxies");
            return this;
        }

        public Builder toolScopes(ToolScopes value) {
            this.toolScopes = Objects.requireNonNull(value, "toolScopes");
            return this;
        }

        /**
         * @throws IllegalArgumentException when neither API keys nor JWT verification is configured
         */
        public HttpAuthSettings build() {
            if (apiKeys.isEmpty() && jwt.isEmpty()) {
                throw new IllegalArgumentException("HTTP authentication needs API keys, JWT verification, or both");
            }
            return new HttpAuthSettings(this, true);
        }
    }
}
