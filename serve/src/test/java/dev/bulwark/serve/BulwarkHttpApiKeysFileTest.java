package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.Secret;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.config.ApiKeysFile;
import dev.bulwark.serve.config.AuthSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library user who names an API keys file in the auth settings gets its keys, as the server jar does. */
class BulwarkHttpApiKeysFileTest {

    private static final String KEY = ApiKeys.newKey();

    @TempDir
    Path directory;

    private Path keysFile() throws IOException {
        return Files.writeString(directory.resolve("keys.json"),
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
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theKeysOfTheApiKeysFileCallWhereAuthenticationIsRequired() throws Exception {
        // before, the file was read by the server jar only: start refused, saying to set auth.api-keys-file
        AuthSettings auth = AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString())).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).auth(auth).port(0).managementPort(0).start()) {
            assertThat(initialize(http, KEY)).isEqualTo(200);
            assertThat(initialize(http, null)).isEqualTo(401);
            assertThat(initialize(http, ApiKeys.newKey())).isEqualTo(401);
        }
    }

    @Test
    void theKeysOfTheApiKeysFileCallBesideJwtVerification() throws Exception {
        // before, with a JWT secret set the start succeeded and every API-key caller got 401
        AuthSettings auth = AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString()))
                .jwtSecret(Optional.of(Secret.of("0123456789abcdef0123456789abcdef")))
                .issuer(Optional.of("https://issuer.example"))
                .resourceUrl(Optional.of("https://mcp.example/mcp"))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).auth(auth).port(0).managementPort(0).start()) {
            assertThat(initialize(http, KEY)).isEqualTo(200);
        }
    }

    @Test
    void keysGivenToTheBuilderComeInsteadOfTheFile() throws Exception {
        AuthSettings auth = AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(keysFile().toString())).build();
        String other = ApiKeys.newKey();
        ApiKeys given = new ApiKeys(java.util.List.of(
                new dev.bulwark.http.auth.ApiKey("embedder", java.util.Set.of(), ApiKeys.hashOf(other))));
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).auth(auth).apiKeys(given).port(0).managementPort(0)
                        .start()) {
            assertThat(initialize(http, other)).isEqualTo(200);
            assertThat(initialize(http, KEY)).isEqualTo(401);
        }
    }

    @Test
    void anApiKeysFileThatCannotBeReadIsRefusedNamingItBeforeAnythingBinds() {
        Path missing = directory.resolve("missing.json");
        AuthSettings auth = AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED)
                .apiKeysFile(Optional.of(missing.toString())).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark).auth(auth).port(0).managementPort(0).start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auth.api-keys-file")
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("the file does not exist");
        }
    }

    @Test
    void anApiKeysFileIsNotReadWhereNoCallerAuthenticates() {
        AuthSettings auth = AuthSettings.builder()
                .apiKeysFile(Optional.of(directory.resolve("missing.json").toString())).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).auth(auth).port(0).managementPort(0).start()) {
            assertThat(http.port()).isPositive();
        }
    }
}
