package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The JSON-RPC error bodies of the edge. */
class JsonRpcErrorsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void bodyIsAJsonRpcErrorWithoutAnId() throws Exception {
        JsonNode body = json.readTree(JsonRpcErrors.body(-32600, "Bad \"quoted\"\nline"));

        assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.path("id").isNull()).isTrue();
        assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(body.path("error").path("message").asText()).isEqualTo("Bad \"quoted\"\nline");
    }

    @Test
    void statusesMapToJsonRpcCodes() {
        assertThat(JsonRpcErrors.codeFor(400)).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
        assertThat(JsonRpcErrors.codeFor(403)).isEqualTo(JsonRpcErrors.FORBIDDEN);
        assertThat(JsonRpcErrors.codeFor(404)).isEqualTo(JsonRpcErrors.SESSION_NOT_FOUND);
        assertThat(JsonRpcErrors.codeFor(503)).isEqualTo(JsonRpcErrors.SERVER_UNAVAILABLE);
        assertThat(JsonRpcErrors.codeFor(500)).isEqualTo(JsonRpcErrors.INTERNAL_ERROR);
    }

    @Test
    void everyStatusHasAMessageThatNamesNoInternals() {
        for (int status : new int[] {400, 403, 404, 405, 406, 408, 413, 415, 431, 500, 503, 418}) {
            assertThat(JsonRpcErrors.messageFor(status)).isNotBlank().doesNotContain("Exception", "\tat ");
        }
    }
}
