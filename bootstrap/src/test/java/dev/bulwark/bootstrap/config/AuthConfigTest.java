package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.ports.security.AddressRange;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth keys: secure defaults, the rules across keys, and the API keys file. */
class AuthConfigTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";

    @TempDir
    Path dir;

    @Test
    void authenticationIsRequiredBeyondLoopbackAndOffOnItByDefault() {
        ServerConfig config = load(List.of(), Map.of()).config();
        AuthSettings auth = config.auth();

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.AUTO);
        assertThat(auth.requiredFor("127.0.0.1")).isFalse();
        assertThat(auth.requiredFor("0.0.0.0")).isTrue();
        assertThat(config.core().toolList().filterByScope()).isTrue();
    }

    @Test
    void servingBeyondLoopbackWithoutCredentialsIsAConfigurationError() {
        ConfigException failure = failure(List.of("--http", "--host", "0.0.0.0"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.mode");
            assertThat(error.reason()).contains("no credentials are configured").contains("auth.mode to off");
        });
    }

    @Test
    void servingBeyondLoopbackWithAuthOffIsAllowed() {
        AuthSettings auth = load(List.of("--http", "--host", "0.0.0.0", "--auth", "off"), Map.of())
                .config()
                .auth();

        assertThat(auth.requiredFor("0.0.0.0")).isFalse();
    }

    @Test
    void theSeedsMcpAuthEnabledTrueRequiresAuthenticationEvenOnLoopback() {
        LoadedConfig loaded = load(List.of(), Map.of("MCP_AUTH_ENABLED", "true"));

        assertThat(loaded.config().auth().mode()).isEqualTo(AuthSettings.Mode.REQUIRED);
        assertThat(loaded.config().auth().requiredFor("127.0.0.1")).isTrue();
        assertThat(loaded.sourceOf(AuthKeys.AUTH_MODE)).isEqualTo("environment variable MCP_AUTH_ENABLED");
        assertThat(loaded.warnings()).as("a known name, not a misspelt one").isEmpty();
    }

    @Test
    void theSeedsMcpAuthEnabledFalseTurnsAuthenticationOff() {
        AuthSettings auth = load(List.of("--http", "--host", "0.0.0.0"), Map.of("MCP_AUTH_ENABLED", "FALSE"))
                .config()
                .auth();

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.OFF);
    }

    @Test
    void mcpAuthEnabledThatIsNotABooleanIsRefusedNamingIt() {
        ConfigException failure = failure(List.of(), Map.of("MCP_AUTH_ENABLED", "maybe"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.mode");
            assertThat(error.source()).isEqualTo("environment variable MCP_AUTH_ENABLED");
            assertThat(error.reason()).isEqualTo("'maybe' is not true or false");
        });
    }

    @Test
    void mcpAuthEnabledAndMcpAuthMustAgreeWhenBothAreSet() {
        assertThat(load(List.of(), Map.of("MCP_AUTH_ENABLED", "true", "MCP_AUTH", "Required"))
                        .config()
                        .auth()
                        .mode())
                .isEqualTo(AuthSettings.Mode.REQUIRED);

        ConfigException failure = failure(List.of(), Map.of("MCP_AUTH_ENABLED", "true", "MCP_AUTH", "off"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.mode");
            assertThat(error.reason())
                    .isEqualTo(
                            "MCP_AUTH_ENABLED means MCP_AUTH=required, but MCP_AUTH is set to 'off'; set one of them");
        });
    }

    @Test
    void theAuthFlagStillWinsOverMcpAuthEnabled() {
        assertThat(load(List.of("--auth", "off"), Map.of("MCP_AUTH_ENABLED", "true"))
                        .config()
                        .auth()
                        .mode())
                .isEqualTo(AuthSettings.Mode.OFF);
    }

    @Test
    void aJwtSecretNeedsAnIssuerAndAResourceUrl() {
        ConfigException failure = failure(List.of(), Map.of("JWT_SECRET", SECRET));

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("auth.issuer", "auth.resource-url");
    }

    @Test
    void aShortJwtSecretIsRefusedWithoutShowingIt() {
        ConfigException failure = failure(
                List.of(),
                Map.of(
                        "JWT_SECRET",
                        "short-secret",
                        "MCP_JWT_ISSUER",
                        "https://issuer.test",
                        "MCP_RESOURCE_URL",
                        "https://mcp.test/mcp"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.jwt-secret");
            assertThat(error.toString()).doesNotContain("short-secret");
        });
    }

    @Test
    void aPlainHttpJwksUrlIsRefusedBeyondLocalhost() {
        ConfigException failure = failure(List.of("--jwks-url", "http://idp.example.com/jwks"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.jwks-url");
            assertThat(error.reason()).contains("https");
        });
    }

    @Test
    void aPlainHttpJwksUrlOnAHostNameThatOnlyStartsWith127IsRefused() {
        ConfigException failure = failure(List.of("--jwks-url", "http://127.keys.example.net/jwks"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.jwks-url");
            assertThat(error.reason()).contains("https");
        });
    }

    @Test
    void onlyLoopbackAddressesAndLocalhostCountAsLoopback() {
        assertThat(List.of("localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1"))
                .allMatch(AuthSettings::isLoopback);
        assertThat(List.of("127.keys.example.net", "127.0.0.1.nip.io", "1270.0.0.1", "128.0.0.1", "example.com"))
                .noneMatch(AuthSettings::isLoopback);
    }

    @Test
    void jwtSettingsLoadFromTheEnvironment() {
        AuthSettings auth = load(
                        List.of(),
                        Map.of(
                                "JWT_SECRET",
                                SECRET,
                                "MCP_JWT_ISSUER",
                                "https://issuer.test",
                                "MCP_RESOURCE_URL",
                                "https://mcp.test/mcp"))
                .config()
                .auth();

        assertThat(auth.jwtSecret()).hasValue(SECRET);
        assertThat(auth.issuer()).hasValue("https://issuer.test");
        assertThat(auth.resourceUrl()).hasValue("https://mcp.test/mcp");
    }

    @Test
    void trustedProxiesLoadAsAddressRanges() {
        AuthSettings auth = load(List.of("--trusted-proxies", "10.0.0.0/8, 192.0.2.7"), Map.of())
                .config()
                .auth();

        assertThat(auth.trustedProxies())
                .extracting(AddressRange::toString)
                .containsExactlyInAnyOrder("10.0.0.0/8", "192.0.2.7/32");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressRangeIsNamed() {
        ConfigException failure = failure(List.of(), Map.of("MCP_TRUSTED_PROXIES", "10.0.0.0/8,lb.internal"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.trusted-proxies");
            assertThat(error.source()).isEqualTo("environment variable MCP_TRUSTED_PROXIES");
            assertThat(error.reason()).contains("'lb.internal' is not an IP address or CIDR range");
        });
    }

    @Test
    void theApiKeysFileYieldsItsKeys() throws IOException {
        String key = ApiKeys.newKey();
        Path file = write("{\"keys\": [" + ApiKeysFile.entryFor("ci-bot", ApiKeys.hashOf(key)) + "]}");

        assertThat(ApiKeysFile.read(file).authenticate(key)).hasValueSatisfying(principal -> {
            assertThat(principal.subject()).isEqualTo("ci-bot");
            assertThat(principal.scopes()).containsExactly("tools:read");
        });
    }

    @Test
    void aPlainKeyInTheApiKeysFileIsRefusedWithoutEchoingIt() throws IOException {
        String key = ApiKeys.newKey();
        Path file = write("{\"keys\": [{\"subject\": \"ci-bot\", \"hash\": \"" + key + "\"}]}");

        assertThatThrownBy(() -> ApiKeysFile.read(file))
                .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                .hasMessageContaining("auth.api-keys-file")
                .hasMessageContaining("entry 1")
                .hasMessageNotContaining(key);
    }

    @Test
    void aMissingApiKeysFileIsNamed() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> ApiKeysFile.read(missing))
                .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void anApiKeysFileWithoutAKeysArrayIsRefused() throws IOException {
        Path file = write("[]");

        assertThatThrownBy(() -> ApiKeysFile.read(file)).hasMessageContaining("\"keys\" array");
    }

    @Test
    void anApiKeysFileWithNoKeysIsRefused() throws IOException {
        Path file = write("{\"keys\": []}");

        assertThatThrownBy(() -> ApiKeysFile.read(file))
                .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                .hasMessageContaining("the \"keys\" array is empty");
    }

    @Test
    void aMisspeltFieldInAnEntryIsRefusedRatherThanGivingAKeyWithoutScopes() throws IOException {
        Path file = write("{\"keys\": [{\"subject\": \"ci-bot\", \"scope\": [\"*\"], \"hash\": \""
                + ApiKeys.hashOf(ApiKeys.newKey()) + "\"}]}");

        assertThatThrownBy(() -> ApiKeysFile.read(file))
                .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                .hasMessageContaining("entry 1: unknown field \"scope\" (the fields are subject, scopes, hash)");
    }

    @Test
    void aDirectoryIsNotTakenForAKeysFile() {
        assertThatThrownBy(() -> ApiKeysFile.read(dir))
                .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                .hasMessageContaining("this is a directory");
    }

    @Test
    void malformedJsonIsLocatedWithoutNamingAParserClass() throws IOException {
        Path file = write("{\"keys\": [\n  {\"subject\": }]}");

        assertThatThrownBy(() -> ApiKeysFile.read(file))
                .hasMessageContaining("the file is not valid JSON (line 2, column")
                .hasMessageNotContaining("Exception");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, json);
        return file;
    }
}
