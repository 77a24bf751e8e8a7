package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.ArgumentsCheckingMapper;
import dev.bulwark.http.HttpHarness;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request the JSON mapper refuses for its params is answered with the mapper's JSON-RPC error and the request's
 * id, in band, where the SDK's transports alone answer any unreadable message with a bare 400.
 */
class RefusalRecordingJsonMapperTest {

    private static final String BAD_ARGUMENTS = "{\"jsonrpc\":\"2.0\",\"id\":\"call-9\",\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":\"x\"}}";

    private static Map<String, String> sessionHeaders(String session) {
        Map<String, String> headers = new HashMap<>(Map.of("MCP-Protocol-Version", "2025-11-25"));
        if (session != null) {
            headers.put("Mcp-Session-Id", session);
        }
        return headers;
    }

    private static void assertInvalidParamsAnswer(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = HttpHarness.message(response);
        assertThat(answer.path("id").asText()).isEqualTo("call-9");
        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(answer.path("error").path("message").asText()).isEqualTo(ArgumentsCheckingMapper.MESSAGE);
    }

    @Test
    void sessionRequestRefusedForItsParamsGetsTheErrorWithItsId() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            assertInvalidParamsAnswer(harness.post(BAD_ARGUMENTS, sessionHeaders(session)));
        }
    }

    @Test
    void statelessRequestRefusedForItsParamsGetsTheErrorWithItsId() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertInvalidParamsAnswer(harness.post(BAD_ARGUMENTS, sessionHeaders(null)));
        }
    }

    @Test
    void nextRequestAfterARefusalIsServed() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            harness.post(BAD_ARGUMENTS, sessionHeaders(session));

            HttpResponse<String> next = harness.callTool(session, "echo", Map.of());

            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body()).contains("\"result\"").doesNotContain("\"error\"");
        }
    }

    @Test
    void otherUnreadableMessagesKeepTheGenericAnswer() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(BAD_ARGUMENTS, sessionHeaders(null));

            HttpResponse<String> response = harness.post("{\"jsonrpc\":\"2.0\",\"id\":1}", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("id").isNull()).isTrue();
            assertThat(HttpHarness.message(response).path("error").path("code").asInt()).isEqualTo(-32600);
        }
    }

    @Test
    void refusalIsCountedAsAnEdgeError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(BAD_ARGUMENTS, sessionHeaders(null));

            HttpHarness.eventually(() -> assertThat(harness.registry.find("mcp.errors")
                    .tag("error_type", "http_invalid_params").counter())
                    .isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0)));
        }
    }
}
