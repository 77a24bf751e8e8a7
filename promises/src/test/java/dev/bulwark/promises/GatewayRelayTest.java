package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Root;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream MCP server in this JVM reports progress, logs, and asks its client for sampling, elicitation and roots
 * during a call; through the gateway, a 2025-11-25 caller gets and answers each, and a 2026-07-28 caller's requests
 * are refused to the upstream with a clear error while the call goes on.
 */
class GatewayRelayTest {

    private static final String KEY = "relay-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Bulwark upstream = Bulwark.builder(BulwarkConfig.defaults())
            .meterRegistry(new SimpleMeterRegistry())
            .tools(List.of(consult()))
            .build();
    private final BulwarkHttp upstreamHttp =
            BulwarkHttp.builder(upstream).port(0).managementPort(0).start();
    private final McpClientUpstreams upstreams = McpClientUpstreams.builder()
            .upstreams(List.of(UpstreamSettings.builder("up")
                    .transport("http")
                    .url("http://127.0.0.1:" + upstreamHttp.port() + "/mcp")
                    .timeout(TIMEOUT)
                    // the upstream's requests during a call are relayed from a session: in the 2026 era it would
                    // ask in input_required rounds instead (GatewayInputRoundsTest)
                    .era(UpstreamSettings.Era.V2025_11_25)
                    .build()))
            .environment(Map.of())
            .build();
    private final Bulwark gateway;
    private final BulwarkHttp http;
    private McpSyncClient client;

    GatewayRelayTest() {
        upstreams.start();
        gateway = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .pack(new GatewayPack(
                        upstreams,
                        List.of(new GatewayTools.Exposure(
                                "up", "up_", Map.of(), Optional.of("relay:use"), Set.of(), Set.of(), TIMEOUT))))
                .build();
        http = BulwarkHttp.builder(gateway)
                .port(0)
                .managementPort(0)
                .apiKeys(new ApiKeys(List.of(new ApiKey("caller", Set.of("relay:use"), ApiKeys.hashOf(KEY)))))
                .start();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        http.close();
        gateway.close();
        upstreams.close();
        upstreamHttp.close();
        upstream.close();
    }

    /**
     * Reports progress, logs, then asks its client for each thing, answering with what it got or why not; also the
     * 2026-07-28 upstream's tool of {@link GatewayInputRoundsTest}.
     */
    static Tool<?, ?> consult() {
        return Tool.builder("consult", Stage.Text.class, Stage.Text.class)
                .description("Consults the caller")
                .handler((input, context) -> {
                    context.reportProgress(1, 2.0, "half way");
                    context.logToClient("consulting the caller");
                    String sampled = tried(
                            () -> context.sample("Summarise the notes", 50).text());
                    String elicited = tried(() -> {
                        var answer = context.elicit(
                                "Which folder?",
                                Map.of("type", "object", "properties", Map.of("folder", Map.of("type", "string"))));
                        return answer.action() + " " + answer.content();
                    });
                    String roots =
                            tried(() -> context.roots().stream().map(Root::uri).collect(Collectors.joining(",")));
                    return ToolResult.of(
                            new Stage.Text("sampled=" + sampled + "\nelicited=" + elicited + "\nroots=" + roots));
                })
                .build();
    }

    private static String tried(Supplier<String> ask) {
        try {
            return ask.get();
        } catch (BulwarkException e) {
            return "refused: " + e.getMessage();
        }
    }

    private void awaitTool() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> upstreams.tools("up").stream()
                        .anyMatch(tool -> tool.name().equals("consult")));
    }

    @Test
    void aSessionCallerGetsTheUpstreamsProgressAndLogsAndAnswersItsRequests() {
        awaitTool();
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        List<McpSchema.CreateMessageRequest> sampled = new CopyOnWriteArrayList<>();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + http.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-API-Key", KEY))
                .build();
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder()
                        .sampling()
                        .elicitation()
                        .roots(false)
                        .build())
                .roots(new McpSchema.Root("file:///home/user/project", "project"))
                .sampling(request -> {
                    sampled.add(request);
                    return McpSchema.CreateMessageResult.builder(
                                    McpSchema.Role.ASSISTANT, "A short summary", "caller-model")
                            .build();
                })
                .elicitation(request ->
                        new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("folder", "docs")))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        client.initialize();

        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("up_consult")
                .arguments(Map.of("text", "go"))
                .progressToken("caller-token")
                .build());

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertThat(text)
                .contains("sampled=A short summary")
                .contains("elicited=ACCEPT {folder=docs}")
                .contains("roots=file:///home/user/project");
        assertThat(sampled)
                .singleElement()
                .satisfies(request -> assertThat(((McpSchema.TextContent)
                                        request.messages().get(0).content())
                                .text())
                        .isEqualTo("Summarise the notes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty() && !logs.isEmpty());
        assertThat(progress).singleElement().satisfies(notification -> {
            assertThat(notification.progressToken()).isEqualTo("caller-token");
            assertThat(notification.progress()).isEqualTo(1.0);
            assertThat(notification.message()).isEqualTo("half way");
        });
        assertThat(logs)
                .anySatisfy(log -> {
                    assertThat(log.data()).isEqualTo("consulting the caller");
                    assertThat(log.level()).isEqualTo(McpSchema.LoggingLevel.INFO);
                    assertThat(log.logger()).isEqualTo("consult");
                })
                .allSatisfy(log -> assertThat(log.data()).doesNotContain("127.0.0.1"));
    }

    @Test
    void aCallerOfThe2026EraIsNotAskedAndTheUpstreamIsToldWhyWhileTheCallGoesOn() throws Exception {
        awaitTool();
        String body = Wire.request(
                1,
                "tools/call",
                Wire.JSON
                        .createObjectNode()
                        .put("name", "up_consult")
                        .set("arguments", Wire.JSON.createObjectNode().put("text", "go")),
                true,
                List.of());
        body = body.replace(
                "\"io.modelcontextprotocol/clientCapabilities\":{}",
                "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{},\"elicitation\":{},\"roots\":{}}");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .header("X-API-Key", KEY)
                                .header("MCP-Protocol-Version", Wire.ERA_2026)
                                .header("Mcp-Method", "tools/call")
                                .header("Mcp-Name", "up_consult")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        JsonNode answer = Wire.answerTo(1, response.body());
        assertThat(answer).as(response.body()).isNotNull();
        assertThat(answer.path("result").path("isError").asBoolean(false))
                .as(response.body())
                .isFalse();
        String text = answer.path("result").path("content").get(0).path("text").asText();
        assertThat(text)
                .contains("sampled=refused: ")
                .contains("Bulwark cannot relay sampling/createMessage: the caller speaks protocol 2026-07-28")
                .contains("Bulwark cannot relay elicitation/create")
                .contains("Bulwark cannot relay roots/list");
    }
}
