package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body that is not UTF-8 is a parse error, as on stdio, in both modes: never decoded with replacement
 * characters and served as something the client did not write.
 */
class Utf8BodyTest {

    /** A {@code tools/list} whose cursor holds a Latin-1 {@code é}: byte 0xE9, not UTF-8. */
    private static final byte[] LATIN_1_LIST = latin1(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"," + "\"params\":{\"cursor\":\"caf\u00e9\"}}");

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyThatIsNotUtf8GetsAParseErrorInStatelessMode() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(LATIN_1_LIST, Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.PARSE_ERROR);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .startsWith("Parse error: the body is not valid UTF-8 (the byte at offset 69 ");
        }
    }

    @Test
    void anInitializeThatIsNotUtf8StartsNoSession() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            byte[] initialize = HttpHarness.INITIALIZE
                    .replace("\"params\":{", "\"params\":{\"x\":\"\u00ff\",")
                    .getBytes(StandardCharsets.ISO_8859_1);

            HttpResponse<String> response = harness.post(initialize, Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.PARSE_ERROR);
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsCountedAsAParseError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(LATIN_1_LIST, Map.of());

            HttpHarness.eventually(() -> assertThat(harness.registry
                            .get("mcp.errors")
                            .tag("error_type", "http_parse_error")
                            .counter()
                            .count())
                    .isEqualTo(1.0));
        }
    }

    @Test
    void aReplacementCharacterTheClientWroteIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.LIST_TOOLS.replace("\"id\":2", "\"id\":\"\uFFFD\""), Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(HttpHarness.message(response).path("id").asText()).isEqualTo("\uFFFD");
        }
    }

    @Test
    void theNextRequestIsServedNormally() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(LATIN_1_LIST, Map.of());

            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }
}
