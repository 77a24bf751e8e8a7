package dev.bulwark.http.auth;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.ports.security.AddressRange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the server over HTTP ({@code auth.*}): the one settings record the server jar and
 * {@code BulwarkHttp.Builder.auth(...)} take. Immutable; its {@link #toString()} never shows the JWT secret.
 *
 * @param mode whether HTTP callers must authenticate
 * @param apiKeysFile the JSON file of API key hashes; empty = no API keys
 * @param jwtSecret the shared secret of HS256 tokens (at least 32 bytes); secret; empty = no HS256 tokens
 * @param jwksUrl where the RS256/ES256 signing keys are published (JWKS); empty = no RS256/ES256 tokens
 * @param issuer the {@code iss} every token must carry; required when tokens are accepted
 * @param resourceUrl this server's canonical MCP URL, the {@code aud} of its tokens; empty = the bound URL
 * @param authorizationServers the authorization servers named in the protected resource metadata; empty = the
 *     issuer
 * @param clockSkew how far token expiry and not-before may be off
 * @param failureLimit failed authentication attempts one client address may make per minute before it gets 429
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client address; empty = none
 */
public record AuthSettings(
        Mode mode,
        Optional<String> apiKeysFile,
        Optional<String> jwtSecret,
        Optional<String> jwksUrl,
        Optional<String> issuer,
        Optional<String> resourceUrl,
        List<String> authorizationServers,
        Duration clockSkew,
        int failureLimit,
        List<AddressRange> trustedProxies) {

    /** Whether HTTP callers must authenticate. */
    public enum Mode {
        /**
         * Required when a credential is configured (API keys, JWT verification) or the server binds beyond
         * localhost; off only on a loopback bind with no credential.
         */
        AUTO,
        /** Always required. */
        REQUIRED,
        /**
         * Never: every HTTP request runs as {@code http.principal} with {@code http.scopes}. Credentials configured
         * beside it are still checked at start, and every start logs a warning that they are not asked for.
         */
        OFF;

        /** The mode named {@code text}, case-insensitively. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be auto, required or off");
            }
        }
    }

    /** Shortest HS256 secret accepted: 256 bits, as RFC 7518 requires of an HMAC-SHA-256 key. */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    public static final Mode DEFAULT_MODE = Mode.AUTO;
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final int DEFAULT_FAILURE_LIMIT = 10;

    public AuthSettings {
        Objects.requireNonNull(mode, "auth.mode");
        Objects.requireNonNull(apiKeysFile, "auth.api-keys-file");
        Objects.requireNonNull(jwtSecret, "auth.jwt-secret");
        jwtSecret.ifPresent(secret -> {
            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
                throw ConfigProblem.of(
                                "auth.jwt-secret",
                                "must be at least " + MIN_JWT_SECRET_BYTES
                                        + " bytes (256 bits) for HS256; generate one with: openssl rand -base64 48")
                        .refusal();
            }
        });
        Objects.requireNonNull(jwksUrl, "auth.jwks-url");
        jwksUrl.ifPresent(url -> requireHttpsUnlessLoopback(url, "auth.jwks-url"));
        Objects.requireNonNull(issuer, "auth.issuer");
        Objects.requireNonNull(resourceUrl, "auth.resource-url");
        resourceUrl.ifPresent(url -> requireHttpsUnlessLoopback(url, "auth.resource-url"));
        authorizationServers = List.copyOf(Objects.requireNonNull(authorizationServers, "auth.authorization-servers"));
        authorizationServers.forEach(url -> requireHttpsUnlessLoopback(url, "auth.authorization-servers"));
        Objects.requireNonNull(clockSkew, "auth.clock-skew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw ConfigProblem.of("auth.clock-skew", "must be 0-300s, was " + clockSkew.toSeconds() + "s")
                    .refusal();
        }
        if (failureLimit < 1) {
            throw ConfigProblem.of("auth.failure-limit", "must be at least 1, was " + failureLimit)
                    .refusal();
        }
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "auth.trusted-proxies"));
    }

    /**
     * The rules across this section's keys, checked once the whole configuration is known, each blaming a key (for
     * example {@code auth.issuer}). Empty when the settings are coherent.
     */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (acceptsTokens() && issuer.isEmpty()) {
            problems.add(ConfigProblem.of(
                    "auth.issuer",
                    "must be set when JWT bearer tokens are accepted (auth.jwt-secret or auth.jwks-url)"));
        }
        if (acceptsTokens() && resourceUrl.isEmpty()) {
            problems.add(ConfigProblem.of(
                    "auth.resource-url",
                    "must be set when JWT bearer tokens are accepted: it is the audience (aud) every token must name,"
                            + " for example https://mcp.example.com/mcp"));
        }
        return problems;
    }

    /**
     * What is wrong with serving HTTP on {@code host} with these settings: authentication required there but no
     * credentials to pass it. Same form as {@link #problems()}.
     */
    public List<ConfigProblem> problemsServing(String host) {
        if (requiredFor(host) && !hasCredentials()) {
            return List.of(ConfigProblem.of(
                    "auth.mode",
                    "requires HTTP callers to authenticate ("
                            + (mode == Mode.AUTO
                                    ? "http.host " + host + " is reachable beyond this machine"
                                    : "auth.mode is required")
                            + ") but no credentials are configured",
                    "set auth.api-keys-file, auth.jwt-secret or auth.jwks-url, or set auth.mode to off to run every"
                            + " request as http.principal"));
        }
        return List.of();
    }

    /** Authentication decided by the credentials and the bind address, no credentials configured. */
    public static AuthSettings defaults() {
        return new AuthSettings(
                DEFAULT_MODE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                DEFAULT_CLOCK_SKEW,
                DEFAULT_FAILURE_LIMIT,
                List.of());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether HTTP callers must authenticate when the server binds {@code host}: always with {@link Mode#REQUIRED},
     * never with {@link Mode#OFF}, and with {@link Mode#AUTO} when a credential is configured or {@code host} is
     * not loopback.
     */
    public boolean requiredFor(String host) {
        return switch (mode) {
            case REQUIRED -> true;
            case OFF -> false;
            case AUTO -> hasCredentials() || !isLoopback(host);
        };
    }

    /** Whether any way to authenticate is configured. */
    public boolean hasCredentials() {
        return apiKeysFile.isPresent() || acceptsTokens();
    }

    /** Whether JWT bearer tokens are accepted: an HS256 secret or a JWKS URL is set. */
    public boolean acceptsTokens() {
        return jwtSecret.isPresent() || jwksUrl.isPresent();
    }

    /** An IPv4 literal in 127.0.0.0/8; not a host name that merely starts with "127." (127.keys.example.net). */
    private static final java.util.regex.Pattern LOOPBACK_V4 = java.util.regex.Pattern.compile(
            "127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    /** Whether {@code host} names this machine only ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost")
                || LOOPBACK_V4.matcher(bare).matches()
                || bare.equals("::1")
                || bare.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        // The JWT secret is a secret: never print it.
        return "AuthSettings[mode=" + mode + ", apiKeysFile=" + apiKeysFile + ", jwtSecret="
                + (jwtSecret.isPresent() ? "****" : "none") + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer
                + ", resourceUrl=" + resourceUrl + ", authorizationServers=" + authorizationServers + ", clockSkew="
                + clockSkew + ", failureLimit=" + failureLimit + ", trustedProxies=" + trustedProxies + "]";
    }

    private static void requireHttpsUnlessLoopback(String url, String key) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw ConfigProblem.of(key, "must be an absolute http(s) URL").refusal();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ConfigProblem.of(key, "must be an absolute http(s) URL").refusal();
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw ConfigProblem.of(key, "must use https (plain http is accepted for localhost only)")
                    .refusal();
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ConfigProblem.of(key, "must not carry credentials, a query or a fragment")
                    .refusal();
        }
    }

    /** Builds {@link AuthSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private Mode mode;
        private Optional<String> apiKeysFile;
        private Optional<String> jwtSecret;
        private Optional<String> jwksUrl;
        private Optional<String> issuer;
        private Optional<String> resourceUrl;
        private List<String> authorizationServers;
        private Duration clockSkew;
        private int failureLimit;
        private List<AddressRange> trustedProxies;

        private Builder(AuthSettings from) {
            this.mode = from.mode;
            this.apiKeysFile = from.apiKeysFile;
            this.jwtSecret = from.jwtSecret;
            this.jwksUrl = from.jwksUrl;
            this.issuer = from.issuer;
            this.resourceUrl = from.resourceUrl;
            this.authorizationServers = from.authorizationServers;
            this.clockSkew = from.clockSkew;
            this.failureLimit = from.failureLimit;
            this.trustedProxies = from.trustedProxies;
        }

        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        public Builder apiKeysFile(Optional<String> value) {
            this.apiKeysFile = value;
            return this;
        }

        public Builder jwtSecret(Optional<String> value) {
            this.jwtSecret = value;
            return this;
        }

        public Builder jwksUrl(Optional<String> value) {
            this.jwksUrl = value;
            return this;
        }

        public Builder issuer(Optional<String> value) {
            this.issuer = value;
            return this;
        }

        public Builder resourceUrl(Optional<String> value) {
            this.resourceUrl = value;
            return this;
        }

        public Builder authorizationServers(List<String> value) {
            this.authorizationServers = value;
            return this;
        }

        public Builder clockSkew(Duration value) {
            this.clockSkew = value;
            return this;
        }

        public Builder failureLimit(int value) {
            this.failureLimit = value;
            return this;
        }

        public Builder trustedProxies(List<AddressRange> value) {
            this.trustedProxies = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public AuthSettings build() {
            return new AuthSettings(
                    mode,
                    apiKeysFile,
                    jwtSecret,
                    jwksUrl,
                    issuer,
                    resourceUrl,
                    authorizationServers,
                    clockSkew,
                    failureLimit,
                    trustedProxies);
        }
    }
}
