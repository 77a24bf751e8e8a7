package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an extension's method sees of its request (the origin: era, caller, the request's client capabilities), and
 * an extension served in one era only: declared and answered there, unseen in the other.
 */
class ExtensionOriginAndEraTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"com.example/later\":{}}}}}";

    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .extension(Extension.builder("com.example/everywhere")
                    .method("everywhere/ping", (params, context) -> Map.of())
                    .build())
            .extension(Extension.builder("com.example/later")
                    .onlyIn(ProtocolEra.REQUESTS_2026_07_28)
                    .method(
                            "later/origin",
                            (params, context) -> Map.of(
                                    "era", context.origin().era().name(),
                                    "caller",
                                            context.origin()
                                                    .caller()
                                                    .orElseThrow()
                                                    .subject(),
                                    "declared",
                                            context.origin()
                                                    .clientCapabilities()
                                                    .map(Object::toString)
                                                    .orElse("")))
                    .build())
            .build();
    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    @Test
    void aMethodSeesTheOriginOfItsRequest() throws Exception {
        JsonNode answer = request(1, "later/origin", META, Principal.of("alice"));

        JsonNode result = answer.path("result");
        assertThat(result.path("era").asText()).as(answer.toString()).isEqualTo("REQUESTS_2026_07_28");
        assertThat(result.path("caller").asText()).isEqualTo("alice");
        assertThat(result.path("declared").asText()).contains("com.example/later");
    }

    @Test
    void anExtensionOfOneEraIsDeclaredInThatEraOnly() throws Exception {
        JsonNode discovered = request(2, "server/discover", META, Principal.of("alice"));
        JsonNode offered = discovered.path("result").path("capabilities").path("extensions");
        assertThat(offered.has("com.example/later")).as(discovered.toString()).isTrue();
        assertThat(offered.has("com.example/everywhere")).isTrue();

        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, Principal.of("alice"));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        McpSchema.InitializeResult initialized = client.initialize();

        assertThat(initialized.capabilities().extensions())
                .containsKey("com.example/everywhere")
                .doesNotContainKey("com.example/later");
    }

    @Test
    void aMethodOfAnotherEraIsNotFound() throws Exception {
        Bulwark sessionsOnly = Bulwark.builder(BulwarkConfig.defaults())
                .extension(Extension.builder("com.example/before")
                        .onlyIn(ProtocolEra.SESSIONS_2025_11_25)
                        .method("before/ping", (params, context) -> Map.of())
                        .build())
                .build();
        try {
            JsonNode answer = request(sessionsOnly, 3, "before/ping", META, Principal.of("alice"));

            assertThat(answer.path("error").path("code").asInt())
                    .as(answer.toString())
                    .isEqualTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND);
        } finally {
            sessionsOnly.close();
        }
    }

    private JsonNode request(int id, String method, String params, Principal caller) throws Exception {
        return request(bulwark, id, method, params, caller);
    }

    private static JsonNode request(Bulwark server, int id, String method, String params, Principal caller)
            throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", method);
        Era2026Answer answer = server.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(caller)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }
}
