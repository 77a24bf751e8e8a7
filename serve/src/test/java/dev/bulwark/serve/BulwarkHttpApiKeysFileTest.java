package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.GeneratedApiKey;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A library user who names a credential in the auth settings gets authentication with it, on every bind address, as
 * the server jar does; a keys file that cannot be used stops the start.
 */
class BulwarkHttpApiKeysFileTest {

    private static final String KEY = ApiKeys.newKey();

    @TempDir
    Path directory;

    private Path keysFile() throws IOException {
        return Files.writeString(
                directory.resolve("keys.json"),
                "{\"keys\": [" + ApiKeysFile.entryFor("ci-bot", ApiKeys.hashOf(KEY)) + "]}");
    }

    /** The status of an MCP {@code initialize} to {@code http}, with {@code key} unless it is null. */
    private static int initialize(BulwarkHttp http, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void theKeysOfTheApiKeysFileCallWhereAuthenticationIsRequired() throws Exception {
        // before, the file was read by the server jar only: start refused, saying to set auth.api-keys-file
        AuthSettings auth = AuthSettings.builder()
                .mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString()))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, KEY)).isEqualTo(200);
            assertThat(initialize(http, null)).isEqualTo(401);
            assertThat(initialize(http, ApiKeys.newKey())).isEqualTo(401);
        }
    }

    @Test
    void theKeysOfTheApiKeysFileCallBesideJwtVerification() throws Exception {
        // before, with a JWT secret set the start succeeded and every API-key caller got 401
        AuthSettings auth = AuthSettings.builder()
                .mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString()))
                .jwtSecret(Optional.of("0123456789abcdef0123456789abcdef"))
                .issuer(Optional.of("https://issuer.example"))
                .resourceUrl(Optional.of("https://mcp.example/mcp"))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, KEY)).isEqualTo(200);
        }
    }

    @Test
    void keysGivenToTheBuilderComeInsteadOfTheFile() throws Exception {
        AuthSettings auth = AuthSettings.builder()
                .mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString()))
                .build();
        String other = ApiKeys.newKey();
        ApiKeys given = new ApiKeys(List.of(new ApiKey("embedder", Set.of(), ApiKeys.hashOf(other))));
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .apiKeys(given)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, other)).isEqualTo(200);
            assertThat(initialize(http, KEY)).isEqualTo(401);
        }
    }

    @Test
    void anApiKeysFileThatCannotBeReadIsRefusedNamingItBeforeAnythingBinds() {
        Path missing = directory.resolve("missing.json");
        AuthSettings auth = AuthSettings.builder()
                .mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(missing.toString()))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .auth(auth)
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auth.api-keys-file")
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("the file does not exist");
        }
    }

    @Test
    void anApiKeysFileTurnsAuthenticationOnOnTheDefaultLoopbackBind() throws Exception {
        AuthSettings auth = AuthSettings.builder()
                .apiKeysFile(Optional.of(keysFile().toString()))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, null)).isEqualTo(401);
            assertThat(initialize(http, ApiKeys.newKey())).isEqualTo(401);
            assertThat(initialize(http, KEY)).isEqualTo(200);
        }
    }

    @Test
    void jwtVerificationTurnsAuthenticationOnOnTheDefaultLoopbackBind() throws Exception {
        AuthSettings auth = AuthSettings.builder()
                .jwtSecret(Optional.of("0123456789abcdef0123456789abcdef"))
                .issuer(Optional.of("https://issuer.example"))
                .resourceUrl(Optional.of("https://mcp.example/mcp"))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, null)).isEqualTo(401);
        }
    }

    @Test
    void apiKeysGivenToTheBuilderTurnAuthenticationOnOnTheDefaultLoopbackBind() throws Exception {
        ApiKeys given = new ApiKeys(List.of(new ApiKey("embedder", Set.of(), ApiKeys.hashOf(KEY))));
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .apiKeys(given)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, null)).isEqualTo(401);
            assertThat(initialize(http, KEY)).isEqualTo(200);
        }
    }

    @Test
    void credentialsWithAuthenticationExplicitlyOffServeWithoutAKeyAndWarnAtEveryStart() throws Exception {
        AuthSettings auth = AuthSettings.builder()
                .mode(AuthSettings.Mode.OFF)
                .apiKeysFile(Optional.of(keysFile().toString()))
                .build();
        Logger logger = (Logger) LoggerFactory.getLogger(BulwarkHttp.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            for (int start = 1; start <= 2; start++) {
                try (BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
                    assertThat(initialize(http, null)).isEqualTo(200);
                }
            }
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("credentials are configured"))
                .hasSize(2)
                .allSatisfy(message -> assertThat(message).contains("auth.mode off", "every HTTP caller runs as"));
    }

    @Test
    void withoutCredentialsTheDefaultLoopbackBindNeedsNoKeyAndWarnsOfNothing() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(BulwarkHttp.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                        .meterRegistry(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT))
                        .build();
                BulwarkHttp http =
                        BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            assertThat(initialize(http, null)).isEqualTo(200);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .isEmpty();
    }

    static Stream<Arguments> unusableFilesInEveryMode() {
        return Stream.of(AuthSettings.Mode.values())
                .flatMap(mode -> Stream.of(
                        Arguments.of(
                                mode, "missing", null, "the file does not exist", "leave auth.api-keys-file unset"),
                        Arguments.of(mode, "not JSON", "{\"keys\": [", "not valid JSON", "correct it"),
                        Arguments.of(mode, "no keys array", "[]", "\"keys\" array", "{\"keys\": [")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unusableFilesInEveryMode")
    void anApiKeysFileThatCannotBeUsedStopsTheStartInEveryModeNamingTheFileAndTheFix(
            AuthSettings.Mode mode, String kind, String content, String reason, String fix) throws IOException {
        Path file = directory.resolve("keys.json");
        if (content != null) {
            Files.writeString(file, content);
        }
        AuthSettings auth = AuthSettings.builder()
                .mode(mode)
                .apiKeysFile(Optional.of(file.toString()))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .auth(auth)
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                    .hasMessageContaining("auth.api-keys-file")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(reason)
                    .hasMessageContaining(fix);
        }
    }

    @Test
    void theEntryOfAGeneratedKeyIsReadBackFromTheFileAndServesItsKey() throws Exception {
        GeneratedApiKey generated = ApiKeys.generate("data-app", Set.of("users:read", "tools:read"));
        Path file = Files.writeString(
                directory.resolve("keys.json"), "{\"keys\": [" + ApiKeysFile.entryFor(generated.entry()) + "]}");

        assertThat(ApiKeysFile.read(file).authenticate(generated.key())).hasValueSatisfying(principal -> {
            assertThat(principal.subject()).isEqualTo("data-app");
            assertThat(principal.scopes()).containsExactlyInAnyOrder("users:read", "tools:read");
        });
        AuthSettings auth =
                AuthSettings.builder().apiKeysFile(Optional.of(file.toString())).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .auth(auth)
                        .port(0)
                        .managementPort(0)
                        .start()) {
            assertThat(initialize(http, generated.key())).isEqualTo(200);
        }
    }

    @Test
    void anEntryThatKeepsThePlaceholderSubjectIsRefusedNamingTheFileTheEntryAndTheFix() throws IOException {
        Path file = Files.writeString(
                directory.resolve("keys.json"),
                "{\"keys\": ["
                        + ApiKeysFile.entryFor("ci-bot", ApiKeys.hashOf(ApiKeys.newKey())) + ", "
                        + ApiKeysFile.entryFor("CHANGE-ME", ApiKeys.hashOf(KEY)) + "]}");
        AuthSettings auth =
                AuthSettings.builder().apiKeysFile(Optional.of(file.toString())).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .auth(auth)
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(ApiKeysFile.UnusableFileException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("entry 2")
                    .hasMessageContaining("placeholder CHANGE-ME")
                    .hasMessageContaining("set it to who holds the key");
        }
    }
}
