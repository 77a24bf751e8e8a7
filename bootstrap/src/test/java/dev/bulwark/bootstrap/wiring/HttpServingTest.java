package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.outbound.OutboundSettings;
import dev.bulwark.ports.security.AddressRange;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The configuration as the HTTP adapter sees it. */
class HttpServingTest {

    @TempDir
    Path directory;

    @Test
    void anAllowedOriginThatIsNotAnOriginIsAConfigurationError() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().allowedOrigins(List.of("ftp://x")).build())
                .build();

        assertThatThrownBy(() -> HttpServing.start(config, null))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("http.allowed-origins");
                    assertThat(failure.error().reason()).contains("'ftp://x' is not an origin");
                });
    }

    @Test
    void managementPortZeroMeansTheMcpPort() {
        HttpSettings http = HttpSettings.builder().managementPort(0).build();

        assertThat(http.operationsOnMcpPort()).isTrue();
    }

    @Test
    void everySettingReachesTheAdapter() {
        HttpSettings http = HttpSettings.builder()
                .mode(HttpMode.STATELESS)
                .port(8181)
                .managementPort(9191)
                .maxSessions(7)
                .principal("gateway")
                .scopes(Set.of("tools:read"))
                .build();

        HttpSettings settings = http;

        assertThat(settings.mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(settings.port()).isEqualTo(8181);
        assertThat(settings.managementPort()).isEqualTo(9191);
        assertThat(settings.maxSessions()).isEqualTo(7);
        assertThat(settings.caller()).isEqualTo(Principal.of("gateway", "tools:read"));
    }

    @Test
    void trustedProxiesReachTheAdaptersAuthentication() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().host("0.0.0.0").build())
                .auth(jwt().trustedProxies(List.of(AddressRange.parse("10.0.0.0/8")))
                        .build())
                .build();

        HttpAuthSettings auth = HttpServing.authOf(config, List.of());

        assertThat(auth.enabled()).isTrue();
        assertThat(auth.settings().trustedProxies()).containsExactly(AddressRange.parse("10.0.0.0/8"));
    }

    @Test
    void theScopesToolsCheckInsideAreAdvertisedSoClientsCanAskForThem() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().host("0.0.0.0").build())
                .auth(jwt().build())
                .outbound(OutboundSettings.defaults()
                        .withServices(List.of(dev.bulwark.outbound.ServiceSettings.builder("payments")
                                .baseUrl(java.net.URI.create("https://payments.example.com/api/"))
                                .build())))
                .build();

        assertThat(HttpServing.authOf(config, List.of()).scopesSupported())
                .contains("services:payments:read", "services:payments:write");
    }

    @Test
    void anApiKeysFileTurnsAuthenticationOnOnTheDefaultLoopbackBind() throws IOException {
        ServerConfig config = ServerConfig.builder()
                .auth(AuthSettings.builder()
                        .apiKeysFile(Optional.of(keysFile().toString()))
                        .build())
                .build();

        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(HttpServing.authOf(config, List.of()).enabled()).isTrue();
    }

    @Test
    void jwtVerificationTurnsAuthenticationOnOnTheDefaultLoopbackBind() {
        ServerConfig config = ServerConfig.builder().auth(jwt().build()).build();

        assertThat(HttpServing.authOf(config, List.of()).enabled()).isTrue();
    }

    @Test
    void credentialsWithAuthenticationExplicitlyOffAreWarnedAboutAtStart() throws IOException {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().port(0).managementPort(0).build())
                .auth(AuthSettings.builder()
                        .mode(AuthSettings.Mode.OFF)
                        .apiKeysFile(Optional.of(keysFile().toString()))
                        .build())
                .build();
        Logger logger = (Logger) LoggerFactory.getLogger(BulwarkHttp.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = HttpServing.start(config, bulwark)) {
            assertThat(http.port()).as("the free port it bound").isPositive();
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("credentials are configured"))
                .singleElement()
                .satisfies(message -> assertThat(message).contains("auth.mode off"));
    }

    private Path keysFile() throws IOException {
        return Files.writeString(
                directory.resolve("keys.json"),
                "{\"keys\": [" + ApiKeysFile.entryFor("ci-bot", ApiKeys.hashOf(ApiKeys.newKey())) + "]}");
    }

    private static AuthSettings.Builder jwt() {
        return AuthSettings.builder()
                .jwtSecret(Optional.of("a-shared-secret-of-at-least-32-bytes!!"))
                .issuer(Optional.of("https://issuer.example.com"))
                .resourceUrl(Optional.of("https://mcp.example.com/mcp"));
    }
}
