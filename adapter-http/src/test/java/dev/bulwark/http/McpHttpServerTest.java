package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server as an MCP client meets it, in both modes, with the SDK's own Streamable HTTP client and raw HTTP. */
class McpHttpServerTest {

    private static McpSyncClient client(HttpHarness harness) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + harness.server.port())
                .endpoint(McpHttpServer.MCP_PATH)
                .jsonMapper(new JacksonMcpJsonMapper(HttpHarness.JSON))
                .build();
        return McpClient.sync(transport).requestTimeout(HttpHarness.PATIENCE).build();
    }

    @Test
    void sdkClientListsAndCallsToolsInStatefulMode() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            McpSyncClient client = client(harness);
            client.initialize();

            assertThat(client.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("echo", "whoami");
            McpSchema.CallToolResult result =
                    client.callTool(McpSchema.CallToolRequest.builder("echo").build());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("echo");
            client.closeGracefully();
        }
    }

    @Test
    void sdkClientListsAndCallsToolsInStatelessMode() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            McpSyncClient client = client(harness);
            client.initialize();

            assertThat(client.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("echo", "whoami");
            McpSchema.CallToolResult result =
                    client.callTool(McpSchema.CallToolRequest.builder("echo").build());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("echo");
            client.closeGracefully();
        }
    }

    @Test
    void everyRequestRunsAsTheConfiguredCallerWithTheClientsSafeRequestId() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.callTool(session, "whoami", Map.of("X-Request-Id", "req-42"));

            assertThat(HttpHarness.toolText(response)).isEqualTo("http-tester req-42");
        }
    }

    @Test
    void anUnsafeRequestIdHeaderIsIgnored() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.callTool(null, "whoami", Map.of("X-Request-Id", "evil id with spaces; and more"));

            assertThat(HttpHarness.toolText(response)).isEqualTo("http-tester null");
        }
    }

    @Test
    void deletedSessionCannotBeUsedAgain() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            assertThat(harness.delete(session).statusCode()).isEqualTo(200);
            HttpResponse<String> reuse = harness.callTool(session, "echo", Map.of());

            assertThat(reuse.statusCode()).isEqualTo(404);
            assertThat(HttpHarness.message(reuse).path("error").path("message").asText())
                    .contains("initialize");
            assertThat(reuse.body()).doesNotContain("stackTrace", "Exception");
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void callRunningLongerThanTheConnectionIdleTimeoutStillCompletes() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            CompletableFuture<HttpResponse<String>> slow =
                    CompletableFuture.supplyAsync(() -> harness.callTool(session, "slow", Map.of()));
            assertThat(harness.slowStarted.await(60, TimeUnit.SECONDS)).isTrue();
            // cut only now, and only for the connections open now: no other wait of the test races the timeout
            harness.server.idleTimeoutOfOpenConnections(Duration.ofMillis(300));

            Thread.sleep(1_500); // the call's connection carries nothing for longer than its idle timeout
            harness.slowRelease.countDown();

            assertThat(HttpHarness.toolText(slow.get(60, TimeUnit.SECONDS))).isEqualTo("slow done");
        }
    }

    @Test
    void aLeavingServerAnswersReady503WhileItStillServesNewSessionsAndCallsUntilTheDrainStarts() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            harness.server.startLeaving();
            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            String newSession = harness.initialize();
            HttpResponse<String> call = harness.callTool(session, "whoami", Map.of());

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"draining\":true");
            assertThat(newSession).isNotBlank();
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(harness.server.isDraining()).isFalse();

            harness.server.startDraining();
            HttpResponse<String> refused = harness.callTool(newSession, "whoami", Map.of());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("shutting down");
        }
    }

    @Test
    void operationsEndpointsCanShareTheMcpPort() {
        try (HttpHarness harness = HttpHarness.start(settings ->
                settings.toBuilder().managementPort(HttpSettings.ON_MCP_PORT).build())) {
            assertThat(harness.server.managementPort()).isEqualTo(harness.server.port());
            assertThat(harness.get(harness.operations("/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theMcpEndpointIsNotServedOnTheManagementPort() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.get(harness.operations("/mcp"));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("\"jsonrpc\":\"2.0\"").doesNotContain("<html");
        }
    }

    @Test
    void aPostToAPathNoEndpointServesIsNotFound() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.send(
                    java.net.http.HttpRequest.newBuilder(harness.mcpUri().resolve("/nope"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                            .build());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("\"jsonrpc\":\"2.0\"", "nothing is served at this path");
        }
    }
}
