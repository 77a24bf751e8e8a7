package dev.bulwark.http.auth;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.ports.security.AddressRange;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The keys of HTTP authentication ({@code auth.*} but {@code auth.filter-tool-list}, which the core reads over every
 * transport), in catalogue order: each reads and sets one component of {@link AuthSettings}.
 */
public final class AuthKeys {

    /** {@code auto}, {@code required} or {@code off}. */
    public static final ConfigType<AuthSettings.Mode> AUTH_MODE_TYPE = ConfigType.of(
            "auto|required|off", AuthSettings.Mode::parse, mode -> mode.name().toLowerCase(Locale.ROOT));

    /** {@code auth.mode}. */
    public static final ConfigKey<AuthSettings, AuthSettings.Mode> AUTH_MODE = ConfigKey.of(
            "auth.mode",
            "MCP_AUTH",
            "--auth",
            AUTH_MODE_TYPE,
            "Whether HTTP callers must authenticate: auto (required when a credential is configured or http.host is"
                    + " not loopback), required or off (credentials configured too are checked but never asked for;"
                    + " warned at every start)",
            AuthSettings::mode,
            (settings, value) -> with(settings, auth -> auth.mode(value)));

    /** {@code auth.api-keys-file}. */
    public static final ConfigKey<AuthSettings, Optional<String>> AUTH_API_KEYS_FILE = ConfigKey.of(
            "auth.api-keys-file",
            "MCP_API_KEYS_FILE",
            "--api-keys-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON file of API key hashes, each with a subject and scopes (make one with --new-api-key); read at every"
                    + " HTTP start, whatever auth.mode, and a file that is missing or invalid stops the start",
            AuthSettings::apiKeysFile,
            (settings, value) -> with(settings, auth -> auth.apiKeysFile(value)));

    /** {@code auth.jwt-secret}. */
    public static final ConfigKey<AuthSettings, Optional<String>> AUTH_JWT_SECRET = ConfigKey.of(
            "auth.jwt-secret",
            "JWT_SECRET",
            "--jwt-secret",
            ConfigType.SECRET,
            "Shared secret of HS256 bearer tokens, at least 32 bytes; unset = no HS256 tokens",
            settings -> settings.jwtSecret(),
            (settings, value) -> with(settings, auth -> auth.jwtSecret(value)));

    /** {@code auth.jwks-url}. */
    public static final ConfigKey<AuthSettings, Optional<String>> AUTH_JWKS_URL = ConfigKey.of(
            "auth.jwks-url",
            "MCP_JWKS_URL",
            "--jwks-url",
            ConfigType.OPTIONAL_TEXT,
            "https URL (plain http for localhost only) of the JWKS with the RS256/ES256 token signing keys;"
                    + " unset = no RS256/ES256 tokens",
            AuthSettings::jwksUrl,
            (settings, value) -> with(settings, auth -> auth.jwksUrl(value)));

    /** {@code auth.issuer}. */
    public static final ConfigKey<AuthSettings, Optional<String>> AUTH_ISSUER = ConfigKey.of(
            "auth.issuer",
            "MCP_JWT_ISSUER",
            "--jwt-issuer",
            ConfigType.OPTIONAL_TEXT,
            "The iss every bearer token must carry; required with auth.jwt-secret or auth.jwks-url",
            AuthSettings::issuer,
            (settings, value) -> with(settings, auth -> auth.issuer(value)));

    /** {@code auth.resource-url}. */
    public static final ConfigKey<AuthSettings, Optional<String>> AUTH_RESOURCE_URL = ConfigKey.of(
            "auth.resource-url",
            "MCP_RESOURCE_URL",
            "--resource-url",
            ConfigType.OPTIONAL_TEXT,
            "This server's canonical MCP URL (https://host/mcp): the aud tokens must carry; required for JWTs",
            AuthSettings::resourceUrl,
            (settings, value) -> with(settings, auth -> auth.resourceUrl(value)));

    /** {@code auth.authorization-servers}. */
    public static final ConfigKey<AuthSettings, Set<String>> AUTH_AUTHORIZATION_SERVERS = ConfigKey.of(
            "auth.authorization-servers",
            "MCP_AUTHORIZATION_SERVERS",
            "--authorization-servers",
            ConfigType.LIST,
            "Authorization servers named in the protected resource metadata, comma-separated; empty = the issuer",
            settings -> new LinkedHashSet<>(settings.authorizationServers()),
            (settings, value) -> with(settings, auth -> auth.authorizationServers(List.copyOf(value))));

    /** {@code auth.clock-skew}. */
    public static final ConfigKey<AuthSettings, Duration> AUTH_CLOCK_SKEW = ConfigKey.of(
            "auth.clock-skew",
            "MCP_JWT_CLOCK_SKEW",
            "--jwt-clock-skew",
            ConfigType.DURATION,
            "How far token expiry and not-before may be off (0-300s)",
            AuthSettings::clockSkew,
            (settings, value) -> with(settings, auth -> auth.clockSkew(value)));

    /** {@code auth.failure-limit}. */
    public static final ConfigKey<AuthSettings, Integer> AUTH_FAILURE_LIMIT = ConfigKey.of(
            "auth.failure-limit",
            "MCP_AUTH_FAILURE_LIMIT",
            "--auth-failure-limit",
            ConfigType.INT,
            "Failed authentications one client address may make per minute before it gets 429",
            AuthSettings::failureLimit,
            (settings, value) -> with(settings, auth -> auth.failureLimit(value)));

    /** {@code auth.trusted-proxies}. */
    public static final ConfigKey<AuthSettings, Set<String>> AUTH_TRUSTED_PROXIES = ConfigKey.of(
            "auth.trusted-proxies",
            "MCP_TRUSTED_PROXIES",
            "--trusted-proxies",
            ConfigType.LIST,
            "Load balancers or proxies in front of the server (IP addresses or CIDR ranges, comma-separated) whose"
                    + " X-Forwarded-For names the client address for auth.failure-limit; empty = the connection's"
                    + " address",
            settings -> settings.trustedProxies().stream()
                    .map(AddressRange::toString)
                    .collect(Collectors.toCollection(LinkedHashSet::new)),
            (settings, value) -> with(
                    settings,
                    auth -> auth.trustedProxies(
                            value.stream().map(AddressRange::parse).toList())));

    private static final List<ConfigKey<AuthSettings, ?>> ALL = List.of(
            AUTH_MODE,
            AUTH_API_KEYS_FILE,
            AUTH_JWT_SECRET,
            AUTH_JWKS_URL,
            AUTH_ISSUER,
            AUTH_RESOURCE_URL,
            AUTH_AUTHORIZATION_SERVERS,
            AUTH_CLOCK_SKEW,
            AUTH_FAILURE_LIMIT,
            AUTH_TRUSTED_PROXIES);

    private AuthKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<AuthSettings, ?>> all() {
        return ALL;
    }

    private static AuthSettings with(AuthSettings settings, UnaryOperator<AuthSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
