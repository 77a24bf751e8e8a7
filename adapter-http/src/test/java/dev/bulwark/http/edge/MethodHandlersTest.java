package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The HTTP methods no endpoint serves are refused on both ports ({@code McpMethodHandler} on {@code /mcp},
 * {@code ReadOnlyMethodHandler} elsewhere).
 */
class MethodHandlersTest {

    private static HttpResponse<String> send(HttpHarness harness, String method, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(HttpHarness.PATIENCE)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return harness.send(request.build());
    }

    @Test
    void traceIsRefusedAndEchoesNoHeader() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String response = harness.raw("TRACE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer secret-token-1\r\nConnection: close\r\n\r\n");

            assertThat(response)
                    .startsWith("HTTP/1.1 405")
                    .contains("Allow: GET, POST, DELETE, OPTIONS\r\n")
                    .doesNotContain("secret-token-1");
        }
    }

    @Test
    void putOnTheMcpPathOfTheManagementPortGets405NotAnInternalError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = send(harness, "PUT", harness.operations("/mcp"));

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void patchOnTheManagementPortGets405WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = send(harness, "PATCH", harness.operations("/health"));

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .startsWith("Method not allowed");
        }
    }

    @Test
    void offTheMcpEndpointTheAllowHeaderNamesOnlyTheReadsServedThere() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = send(harness, "PATCH", harness.operations("/metrics"));

            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void unknownMethodOnTheMcpEndpointGets405NotAnInternalError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = send(harness, "FOO", harness.mcpUri());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                    .isEqualTo(-32600);
        }
    }

    @Test
    void headOnTheMcpEndpointOpensNoEventStream() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response =
                    send(harness, "HEAD", harness.mcpUri(), "Mcp-Session-Id", session, "Accept", "text/event-stream");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST, DELETE, OPTIONS");
        }
    }

    @Test
    void headOnAHealthEndpointIsServed() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            assertThat(send(harness, "HEAD", harness.operations("/health")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aStatelessServersRefusedGetNamesTheMethodsItServes() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> get = send(harness, "GET", harness.mcpUri(), "Accept", "text/event-stream");
            HttpResponse<String> put = send(harness, "PUT", harness.mcpUri());

            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
            assertThat(put.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        }
    }
}
