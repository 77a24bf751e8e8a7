package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.Sections.auth;
import static dev.bulwark.bootstrap.config.Sections.core;

import dev.bulwark.core.config.Secret;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.ports.security.AddressRange;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys of HTTP authentication ({@code auth.*}), in catalogue order. Owner:
 * {@code dev.bulwark.http.auth.AuthSettings}, except {@code auth.filter-tool-list}, which the core reads
 * ({@code dev.bulwark.core.config.ToolListSettings}) over every transport.
 */
public final class AuthKeys {

    /** {@code auth.mode}. */
    public static final ConfigKey<AuthSettings.Mode> AUTH_MODE = ConfigKey.of(
            "auth.mode",
            "MCP_AUTH",
            "--auth",
            ConfigType.AUTH_MODE,
            "Whether HTTP callers must authenticate: auto (required when a credential is configured or http.host is"
                    + " not loopback), required or off (credentials configured too are checked but never asked for;"
                    + " warned at every start)",
            config -> config.auth().mode(),
            (config, value) -> auth(config, auth -> auth.mode(value)));

    /** {@code auth.api-keys-file}. */
    public static final ConfigKey<Optional<String>> AUTH_API_KEYS_FILE = ConfigKey.of(
            "auth.api-keys-file",
            "MCP_API_KEYS_FILE",
            "--api-keys-file",
            ConfigType.OPTIONAL_TEXT,
            "JSON file of API key hashes, each with a subject and scopes (make one with --new-api-key); read at every"
                    + " HTTP start, whatever auth.mode, and a file that is missing or invalid stops the start",
            config -> config.auth().apiKeysFile(),
            (config, value) -> auth(config, auth -> auth.apiKeysFile(value)));

    /** {@code auth.jwt-secret}. */
    public static final ConfigKey<Optional<Secret>> AUTH_JWT_SECRET = ConfigKey.of(
                    "auth.jwt-secret",
                    "JWT_SECRET",
                    "--jwt-secret",
                    ConfigType.SECRET,
                    "Shared secret of HS256 bearer tokens, at least 32 bytes; unset = no HS256 tokens",
                    config -> config.auth().jwtSecret().map(Secret::of),
                    (config, value) -> auth(config, auth -> auth.jwtSecret(value.map(Secret::reveal))))
            .asSecret();

    /** {@code auth.jwks-url}. */
    public static final ConfigKey<Optional<String>> AUTH_JWKS_URL = ConfigKey.of(
            "auth.jwks-url",
            "MCP_JWKS_URL",
            "--jwks-url",
            ConfigType.OPTIONAL_TEXT,
            "https URL (plain http for localhost only) of the JWKS with the RS256/ES256 token signing keys;"
                    + " unset = no RS256/ES256 tokens",
            config -> config.auth().jwksUrl(),
            (config, value) -> auth(config, auth -> auth.jwksUrl(value)));

    /** {@code auth.issuer}. */
    public static final ConfigKey<Optional<String>> AUTH_ISSUER = ConfigKey.of(
            "auth.issuer",
            "MCP_JWT_ISSUER",
            "--jwt-issuer",
            ConfigType.OPTIONAL_TEXT,
            "The iss every bearer token must carry; required with auth.jwt-secret or auth.jwks-url",
            config -> config.auth().issuer(),
            (config, value) -> auth(config, auth -> auth.issuer(value)));

    /** {@code auth.resource-url}. */
    public static final ConfigKey<Optional<String>> AUTH_RESOURCE_URL = ConfigKey.of(
            "auth.resource-url",
            "MCP_RESOURCE_URL",
            "--resource-url",
            ConfigType.OPTIONAL_TEXT,
            "This server's canonical MCP URL (https://host/mcp): the aud tokens must carry; required for JWTs",
            config -> config.auth().resourceUrl(),
            (config, value) -> auth(config, auth -> auth.resourceUrl(value)));

    /** {@code auth.authorization-servers}. */
    public static final ConfigKey<Set<String>> AUTH_AUTHORIZATION_SERVERS = ConfigKey.of(
            "auth.authorization-servers",
            "MCP_AUTHORIZATION_SERVERS",
            "--authorization-servers",
            ConfigType.LIST,
            "Authorization servers named in the protected resource metadata, comma-separated; empty = the issuer",
            config -> new LinkedHashSet<>(config.auth().authorizationServers()),
            (config, value) -> auth(config, auth -> auth.authorizationServers(List.copyOf(value))));

    /** {@code auth.clock-skew}. */
    public static final ConfigKey<Duration> AUTH_CLOCK_SKEW = ConfigKey.of(
            "auth.clock-skew",
            "MCP_JWT_CLOCK_SKEW",
            "--jwt-clock-skew",
            ConfigType.DURATION,
            "How far token expiry and not-before may be off (0-300s)",
            config -> config.auth().clockSkew(),
            (config, value) -> auth(config, auth -> auth.clockSkew(value)));

    /** {@code auth.failure-limit}. */
    public static final ConfigKey<Integer> AUTH_FAILURE_LIMIT = ConfigKey.of(
            "auth.failure-limit",
            "MCP_AUTH_FAILURE_LIMIT",
            "--auth-failure-limit",
            ConfigType.INT,
            "Failed authentications one client address may make per minute before it gets 429",
            config -> config.auth().failureLimit(),
            (config, value) -> auth(config, auth -> auth.failureLimit(value)));

    /** {@code auth.trusted-proxies}. */
    public static final ConfigKey<Set<String>> AUTH_TRUSTED_PROXIES = ConfigKey.of(
            "auth.trusted-proxies",
            "MCP_TRUSTED_PROXIES",
            "--trusted-proxies",
            ConfigType.LIST,
            "Load balancers or proxies in front of the server (IP addresses or CIDR ranges, comma-separated) whose"
                    + " X-Forwarded-For names the client address for auth.failure-limit; empty = the connection's"
                    + " address",
            config -> config.auth().trustedProxies().stream()
                    .map(AddressRange::toString)
                    .collect(Collectors.toCollection(LinkedHashSet::new)),
            (config, value) -> auth(
                    config,
                    auth -> auth.trustedProxies(
                            value.stream().map(AddressRange::parse).toList())));

    /** {@code auth.filter-tool-list}. */
    public static final ConfigKey<Boolean> AUTH_FILTER_TOOL_LIST = ConfigKey.of(
            "auth.filter-tool-list",
            "MCP_FILTER_TOOL_LIST",
            "--filter-tool-list",
            ConfigType.BOOLEAN,
            "Show each caller in tools/list only the tools its scopes let it call",
            config -> config.core().toolList().filterByScope(),
            (config, value) -> core(config, core -> core.toolList(new ToolListSettings(value))));

    private static final List<ConfigKey<?>> ALL = List.of(
            AUTH_MODE,
            AUTH_API_KEYS_FILE,
            AUTH_JWT_SECRET,
            AUTH_JWKS_URL,
            AUTH_ISSUER,
            AUTH_RESOURCE_URL,
            AUTH_AUTHORIZATION_SERVERS,
            AUTH_CLOCK_SKEW,
            AUTH_FAILURE_LIMIT,
            AUTH_TRUSTED_PROXIES,
            AUTH_FILTER_TOOL_LIST);

    private AuthKeys() {}

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
