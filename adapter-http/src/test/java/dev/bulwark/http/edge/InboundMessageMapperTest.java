package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A body the transport cannot read is answered with a JSON-RPC error naming the problem (and the request's id when
 * it has one), where the SDK's transports alone answer any of them with a bare 400; a request refused for its
 * params is answered in band. Nothing of the body reaches the log.
 */
class InboundMessageMapperTest {

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
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
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
    void bodyThatIsNotJsonGetsAParseError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post("{\"jsonrpc\":\"2.0\", oops", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = HttpHarness.message(response).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32700);
            assertThat(error.path("message").asText()).startsWith("Parse error: the body is not valid JSON");
        }
    }

    @Test
    void batchGetsInvalidRequestSayingBatchesAreNotSupported() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post("[" + HttpHarness.LIST_TOOLS + "]", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("batches are not supported");
        }
    }

    @Test
    void jsonNullGetsInvalidRequestNotAServerError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post("null", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                    .isEqualTo(-32600);
        }
    }

    @Test
    void messageWithoutMethodResultOrErrorGetsInvalidRequestWithItsId() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.post("{\"jsonrpc\":\"2.0\",\"id\":41,\"params\":{}}", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode answer = HttpHarness.message(response);
            assertThat(answer.path("id").asInt()).isEqualTo(41);
            assertThat(answer.path("error").path("message").asText())
                    .startsWith("Invalid Request: a message needs a method");
        }
    }

    @Test
    void refusedMessageWhoseIdIsAnIntegerOverSixtyFourBitsGetsANullId() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"params\":{}}", sessionHeaders(null));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode answer = HttpHarness.message(response);
            assertThat(answer.has("id")).isTrue();
            assertThat(answer.path("id").isNull()).isTrue();
            assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32600);
        }
    }

    @Test
    void nothingOfAnUnreadableBodyReachesTheLog() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{\"password\":\"hunter2-in-body\"}}",
                    sessionHeaders(null));
            harness.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"x\": hunter2-token}", sessionHeaders(null));

            assertThat(logged.list)
                    .isNotEmpty()
                    .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("hunter2"));
        } finally {
            root.detachAppender(logged);
        }
    }

    @Test
    void refusalIsCountedAsAnEdgeError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(BAD_ARGUMENTS, sessionHeaders(null));

            HttpHarness.eventually(() -> assertThat(harness.registry
                            .find("mcp.errors")
                            .tag("error_type", "http_invalid_params")
                            .counter())
                    .isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0)));
        }
    }
}
