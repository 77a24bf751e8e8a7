package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DNS-rebinding protection and CORS in front of the MCP endpoint. */
class OriginHandlerTest {

    @Test
    void foreignOriginGets403AndCreatesNoSession() {
        try (var harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.INITIALIZE, Map.of("Origin", "http://evil.example"));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("Origin is not allowed");
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void foreignHostGets403() {
        try (var harness = HttpHarness.start(settings -> settings)) {
            String body = HttpHarness.INITIALIZE;
            String response = harness.raw("POST /mcp HTTP/1.1\r\nHost: attacker.example\r\n"
                    + "Content-Type: application/json\r\nAccept: " + HttpHarness.ACCEPT_BOTH + "\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);

            assertThat(response)
                    .startsWith("HTTP/1.1 403")
                    .contains("Host is not allowed")
                    .doesNotContain("Mcp-Session-Id");
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void allowedOriginGetsCorsHeadersNamingExactlyThatOrigin() {
        try (var harness = HttpHarness.start(settings -> settings.toBuilder()
                .allowedOrigins(List.of("https://app.example.com"))
                .build())) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.INITIALIZE, Map.of("Origin", "https://app.example.com"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("https://app.example.com");
            assertThat(response.headers()
                            .firstValue("Access-Control-Expose-Headers")
                            .orElse(""))
                    .contains("Mcp-Session-Id", "WWW-Authenticate");
        }
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutWildcards() {
        try (var harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Origin", "http://localhost:6274")
                    .header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build());

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("http://localhost:6274");
            assertThat(response.headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse(""))
                    .contains("Mcp-Session-Id", "Mcp-Method", "Mcp-Name", "traceparent")
                    .doesNotContain("*");
        }
    }

    @Test
    void aBrowserClientCanReadTheRefusalOfAResumption() {
        try (var harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Origin", "http://localhost:6274")
                    .header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25")
                    .header("Last-Event-ID", "999-0")
                    .GET()
                    .build());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("http://localhost:6274");
        }
    }

    @Test
    void requestWithoutOriginIsServed() {
        try (var harness = HttpHarness.start(settings -> settings)) {
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void twoOriginHeadersAreRefusedEvenWhenTheFirstIsAllowed() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpHarness.ACCEPT_BOTH)
                    .header("Origin", "http://localhost")
                    .header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.INITIALIZE))
                    .build());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(harness.server.sessionCount()).isZero();
        }
    }
}
