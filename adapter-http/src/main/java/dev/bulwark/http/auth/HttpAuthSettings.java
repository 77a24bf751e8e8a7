package dev.bulwark.http.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authentication of one server: its {@link AuthSettings}, the API keys callers may present, what verifies bearer
 * JWTs (the settings' {@link JwtVerifier}, or a {@link BearerTokenVerifier} given in its place), and the scopes its
 * tools require, for the protected resource metadata and {@code insufficient_scope} answers. {@link #off()} means no
 * authentication: every request runs as the configured caller. Immutable.
 */
public final class HttpAuthSettings {

    private final boolean enabled;
    private final AuthSettings settings;
    private final ApiKeys apiKeys;
    private final List<String> scopesSupported;
    private final ToolScopes toolScopes;
    private final Optional<BearerTokenVerifier> tokenVerifier;

    private HttpAuthSettings(Builder builder, boolean enabled) {
        this.enabled = enabled;
        this.settings = builder.settings;
        this.apiKeys = builder.apiKeys;
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.toolScopes = builder.toolScopes;
        this.tokenVerifier = Optional.ofNullable(builder.tokenVerifier);
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
        return authenticates(settings, host, apiKeys, Optional.empty());
    }

    /** As {@link #authenticates(AuthSettings, String, ApiKeys)}, where a given token verifier counts as well. */
    public static boolean authenticates(
            AuthSettings settings, String host, ApiKeys apiKeys, Optional<BearerTokenVerifier> tokenVerifier) {
        return settings.requiredFor(host)
                || settings.mode() == AuthSettings.Mode.AUTO && (!apiKeys.isEmpty() || tokenVerifier.isPresent());
    }

    /**
     * The authentication of a server bound to {@code host}: {@link #off()} unless {@link #authenticates} says it is
     * on; else {@code settings} with {@code apiKeys} and the tools' scopes.
     *
     * @param scopesSupported every scope the server understands, for the protected resource metadata
     */
    public static HttpAuthSettings of(
            AuthSettings settings, String host, ApiKeys apiKeys, ToolScopes toolScopes, List<String> scopesSupported) {
        return of(settings, host, apiKeys, Optional.empty(), toolScopes, scopesSupported);
    }

    /**
     * As {@link #of(AuthSettings, String, ApiKeys, ToolScopes, List)}, with {@code tokenVerifier} verifying bearer
     * JWTs in place of the settings' JWT verification.
     */
    public static HttpAuthSettings of(
            AuthSettings settings,
            String host,
            ApiKeys apiKeys,
            Optional<BearerTokenVerifier> tokenVerifier,
            ToolScopes toolScopes,
            List<String> scopesSupported) {
        if (!authenticates(settings, host, apiKeys, tokenVerifier)) {
            return off();
        }
        Builder builder = builder()
                .settings(settings)
                .apiKeys(apiKeys)
                .toolScopes(toolScopes)
                .scopesSupported(scopesSupported);
        tokenVerifier.ifPresent(builder::tokenVerifier);
        return builder.build();
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

    /**
     * What verifies bearer JWTs: the given {@link BearerTokenVerifier}, else a {@link JwtVerifier} of the settings
     * when they accept tokens; empty when no JWT is accepted.
     */
    public Optional<BearerTokenVerifier> bearerTokens() {
        return tokenVerifier.or(
                () -> Optional.of(settings).filter(AuthSettings::acceptsTokens).map(JwtVerifier::new));
    }

    /** Collects an enabled authentication; at least API keys or JWT verification is required. Not thread-safe. */
    public static final class Builder {
        private AuthSettings settings = AuthSettings.defaults();
        private ApiKeys apiKeys = ApiKeys.none();
        private List<String> scopesSupported = List.of();
        private ToolScopes toolScopes = ToolScopes.none();
        private BearerTokenVerifier tokenVerifier;

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
         * What verifies bearer JWTs in place of the settings' JWT verification (which must then be unset): an
         * embedding application's own token check.
         */
        public Builder tokenVerifier(BearerTokenVerifier value) {
            this.tokenVerifier = Objects.requireNonNull(value, "tokenVerifier");
            return this;
        }

        /**
         * @throws IllegalArgumentException when neither API keys nor JWT verification is configured, or a token
         *     verifier is given beside the settings' JWT verification, or the JWT
         *     verification lacks its issuer or audience ({@code auth.resource-url})
         */
        public HttpAuthSettings build() {
            if (tokenVerifier != null && settings.acceptsTokens()) {
                throw new IllegalArgumentException("Bearer tokens are verified by the given token verifier: unset"
                        + " auth.jwt-secret and auth.jwks-url, which would verify them too");
            }
            if (apiKeys.isEmpty() && !settings.acceptsTokens() && tokenVerifier == null) {
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
