package dev.bulwark.bootstrap.wiring;

import dev.bulwark.serve.HttpConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.config.AuthSettings;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpServerSettings;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.ports.security.AddressRange;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration as the HTTP adapter sees it. */
class HttpServingTest {

    @Test
    void anAllowedOriginThatIsNotAnOriginIsAConfigurationError() {
        BulwarkConfig config = BulwarkConfig.defaults()
                .withHttp(HttpSettings.defaults().withAllowedOrigins(List.of("ftp://x")));

        assertThatThrownBy(() -> HttpServing.start(config, null))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("http.allowed-origins");
                    assertThat(failure.error().reason()).contains("'ftp://x' is not an origin");
                });
    }

    @Test
    void managementPortZeroMeansTheMcpPort() {
        BulwarkConfig config = BulwarkConfig.defaults().withHttp(HttpSettings.defaults().withManagementPort(0));

        assertThat(HttpConfiguration.settingsOf(config).operationsOnMcpPort()).isTrue();
    }

    @Test
    void everySettingReachesTheAdapter() {
        BulwarkConfig config = BulwarkConfig.defaults()
                .withLimits(new LimitSettings(4096, Duration.ofSeconds(5), 8, 4))
                .withHttp(HttpSettings.defaults()
                        .withMode(HttpSettings.Mode.STATELESS)
                        .withPort(8181)
                        .withManagementPort(9191)
                        .withMaxSessions(7)
                        .withPrincipal("gateway")
                        .withScopes(Set.of("tools:read")));

        HttpServerSettings settings = HttpConfiguration.settingsOf(config);

        assertThat(settings.mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(settings.port()).isEqualTo(8181);
        assertThat(settings.managementPort()).isEqualTo(9191);
        assertThat(settings.maxSessions()).isEqualTo(7);
        assertThat(settings.maxRequestBytes()).isEqualTo(4096);
        assertThat(settings.caller()).isEqualTo(Principal.of("gateway", "tools:read"));
    }

    @Test
    void trustedProxiesReachTheAdaptersAuthentication() {
        BulwarkConfig config = BulwarkConfig.defaults()
                .withHttp(HttpSettings.defaults().withHost("0.0.0.0"))
                .withAuth(AuthSettings.defaults()
                        .withJwtSecret(Optional.of(Secret.of("a-shared-secret-of-at-least-32-bytes!!")))
                        .withIssuer(Optional.of("https://issuer.example.com"))
                        .withResourceUrl(Optional.of("https://mcp.example.com/mcp"))
                        .withTrustedProxies(List.of(AddressRange.parse("10.0.0.0/8"))));

        HttpAuthSettings auth = HttpServing.authOf(config, ServerFeatures.builder().build());

        assertThat(auth.enabled()).isTrue();
        assertThat(auth.trustedProxies()).containsExactly(AddressRange.parse("10.0.0.0/8"));
    }

    @Test
    void theSessionCapPerCallerReachesTheAdaptersAuthentication() {
        BulwarkConfig config = BulwarkConfig.defaults()
                .withHttp(HttpSettings.defaults().withHost("0.0.0.0").withMaxSessionsPerCaller(3))
                .withAuth(AuthSettings.defaults()
                        .withJwtSecret(Optional.of(Secret.of("a-shared-secret-of-at-least-32-bytes!!")))
                        .withIssuer(Optional.of("https://issuer.example.com"))
                        .withResourceUrl(Optional.of("https://mcp.example.com/mcp")));

        assertThat(HttpServing.authOf(config, ServerFeatures.builder().build()).maxSessionsPerCaller()).isEqualTo(3);
    }
}
