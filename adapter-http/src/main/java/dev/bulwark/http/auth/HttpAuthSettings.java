package dev.bulwark.http.auth;

import java.util.List;
import java.util.Objects;

/**
 * The authentication of one server: its {@link AuthSettings}, the API keys callers may present, and the scopes its
 * tools require, for the protected resource metadata and {@code insufficient_scope} answers. {@link #off()} means no
 * authentication: every request runs as the configured caller. Immutable.
 */
public final class HttpAuthSettings {

    private final boolean enabled;
    private final AuthSettings settings;
    private final ApiKeys apiKeys;
    private final List<String> scopesSupported;
    private final ToolScopes toolScopes;

    private HttpAuthSettings(Builder builder, boolean enabled) {
        this.enabled = enabled;
        this.settings = builder.settings;
        this.apiKeys = builder.apiKeys;
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.toolScopes = builder.toolScopes;
    }

    /** No authentication: every HTTP request runs as the configured caller. */
    public static HttpAuthSettings off() {
        return new HttpAuthSettings(new Builder(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether callers of a server bound to {@code host} must authenticate: as {@link AuthSettings#requiredFor} says,
     * where {@code apiKeys} given beside {@code settings} count as a configured credential.
     */
    public static boolean authenticates(AuthSettings settings, String host, ApiKeys apiKeys) {
        return settings.requiredFor(host) || settings.mode() == AuthSettings.Mode.AUTO && !apiKeys.isEmpty();
    }

    /**
     * The authentication of a server bound to {@code host}: {@link #off()} unless {@link #authenticates} says it is
     * on; else {@code settings} with {@code apiKeys} and the tools' scopes.
     *
     * @param scopesSupported every scope the server understands, for the protected resource metadata
     */
    public static HttpAuthSettings of(
            AuthSettings settings, String host, ApiKeys apiKeys, ToolScopes toolScopes, List<String> scopesSupported) {
        if (!authenticates(settings, host, apiKeys)) {
            return off();
        }
        return builder()
                .settings(settings)
                .apiKeys(apiKeys)
                .toolScopes(toolScopes)
                .scopesSupported(scopesSupported)
                .build();
    }

    /** Whether HTTP callers must authenticate. */
    public boolean enabled() {
        return enabled;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** The {@code auth.*} settings: JWT verification, resource identity, failure limit, trusted proxies. */
    public AuthSettings settings() {
        return settings;
    }

    /** The authorization servers named in the protected resource metadata: the settings', else the issuer. */
    public List<String> authorizationServers() {
        return settings.authorizationServers().isEmpty()
                ? settings.issuer().map(List::of).orElse(List.of())
                : settings.authorizationServers();
    }

    public List<String> scopesSupported() {
        return scopesSupported;
    }

    public ToolScopes toolScopes() {
        return toolScopes;
    }

    /** Collects an enabled authentication; at least API keys or JWT verification is required. Not thread-safe. */
    public static final class Builder {
        private AuthSettings settings = AuthSettings.defaults();
        private ApiKeys apiKeys = ApiKeys.none();
        private List<String> scopesSupported = List.of();
        private ToolScopes toolScopes = ToolScopes.none();

        private Builder() {}

        /** The {@code auth.*} settings: JWT verification, resource identity, failure limit, trusted proxies. */
        public Builder settings(AuthSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        public Builder apiKeys(ApiKeys value) {
            this.apiKeys = Objects.requireNonNull(value, "apiKeys");
            return this;
        }

        public Builder scopesSupported(List<String> value) {
            this.scopesSupported = Objects.requireNonNull(value, "scopesSupported");
            return this;
        }

        public Builder toolScopes(ToolScopes value) {
            this.toolScopes = Objects.requireNonNull(value, "toolScopes");
            return this;
        }

        /**
         * @throws IllegalArgumentException when neither API keys nor JWT verification is configured, or the JWT
         *     verification lacks its issuer or audience ({@code auth.resource-url})
         */
        public HttpAuthSettings build() {
            if (apiKeys.isEmpty() && !settings.acceptsTokens()) {
                throw new IllegalArgumentException("HTTP authentication needs API keys, JWT verification, or both");
            }
            if (settings.acceptsTokens()
                    && (settings.issuer().isEmpty() || settings.resourceUrl().isEmpty())) {
                throw new IllegalArgumentException(
                        "JWT verification needs the issuer and the audience (auth.issuer, auth.resource-url)");
            }
            return new HttpAuthSettings(this, true);
        }
    }
}
