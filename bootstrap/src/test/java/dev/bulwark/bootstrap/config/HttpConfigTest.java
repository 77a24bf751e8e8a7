package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HTTP keys: secure defaults, and the values that are never accepted. */
class HttpConfigTest {

    @Test
    void httpIsOffAndLocalByDefault() {
        ServerConfig config = load(List.of(), Map.of()).config();
        HttpSettings http = config.http();

        assertThat(config.transport().http()).isFalse();
        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.principal()).isEqualTo("anonymous");
        assertThat(http.scopes()).containsExactlyInAnyOrder("tools:read", "ops:read");
    }

    @Test
    void httpFlagAndCallerComeFromFlagsAndEnvironment() {
        ServerConfig config = load(
                        List.of("--http", "--http-mode", "stateless"),
                        Map.of("MCP_HTTP_PRINCIPAL", "gateway", "MCP_HTTP_SCOPES", "tools:read,tools:write"))
                .config();
        HttpSettings http = config.http();

        assertThat(config.transport().http()).isTrue();
        assertThat(http.mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(http.principal()).isEqualTo("gateway");
        assertThat(http.scopes()).isEqualTo(Set.of("tools:read", "tools:write"));
    }

    @Test
    void theSharesOfOneClientAndTheHeadDeadlineHaveDefaultsAndComeFromFlagsAndEnvironment() {
        HttpSettings defaults = load(List.of(), Map.of()).config().http();
        HttpSettings set = load(
                        List.of("--request-head-timeout", "3s", "--max-connections-per-address", "7"),
                        Map.of("MCP_MAX_SESSIONS_PER_ADDRESS", "9"))
                .config()
                .http();

        assertThat(defaults.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(100);
        assertThat(defaults.maxSessionsPerAddress()).isEqualTo(100);
        HttpSettings adapter = set;
        assertThat(adapter.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(adapter.maxConnectionsPerAddress()).isEqualTo(7);
        assertThat(adapter.maxSessionsPerAddress()).isEqualTo(9);
    }

    @Test
    void aZeroShareIsAConfigurationErrorNamingTheKey() {
        ConfigException failure = failure(List.of("--max-connections-per-address", "0"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("http.max-connections-per-address");
            assertThat(error.reason()).contains("at least 1");
        });
    }

    @Test
    void wildcardOriginIsAConfigurationError() {
        ConfigException failure = failure(List.of("--allowed-origins", "*"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("http.allowed-origins");
            assertThat(error.reason()).contains("wildcard is never allowed");
        });
    }
}
