package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway speaks each upstream's protocol era: a Bulwark upstream in 2026-07-28, reached by a 2025-11-25 client
 * and by a 2026-07-28 client, and the MCP SDK's bare server, which speaks 2025-11-25 only, reached under {@code auto}
 * and refused under {@code 2026-07-28}.
 */
class GatewayEraTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MeterRegistry upstreamMeters = new SimpleMeterRegistry();
    private final MeterRegistry gatewayMeters = new SimpleMeterRegistry();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final CountDownLatch upstreamCancelled = new CountDownLatch(1);
    private McpClientUpstreams upstreams;
    private Bulwark upstreamServer;
    private OneUpstreamGateway gateway;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private String bulwarkUpstream() {
        return bulwarkUpstream(Optional.empty());
    }

    /**
     * A Bulwark server with the {@link UpstreamEraTools} ({@code wait} counts its cancel down), the prompt
     * {@code brief} and the resource {@code notes://brief}; with {@code apiKey}, only a caller that sends it is served.
     */
    private String bulwarkUpstream(Optional<String> apiKey) {
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(upstreamMeters)
                .tools(UpstreamEraTools.of(upstreamCancelled::countDown))
                .resource(new Resource("notes://brief", "brief", "The brief", "text/plain", context -> "The brief"))
                .prompt(new Prompt(
                        "brief",
                        "Briefs on a topic",
                        List.of(new Prompt.Argument("topic", "What about", true)),
                        (arguments, context) -> "Brief on " + arguments.get("topic")))
                .build();
        opened.add(server);
        upstreamServer = server;
        BulwarkHttp.Builder builder = BulwarkHttp.builder(server).port(0).managementPort(0);
        apiKey.ifPresent(
                key -> builder.apiKeys(new ApiKeys(List.of(new ApiKey("gateway", Set.of(), ApiKeys.hashOf(key))))));
        BulwarkHttp http = builder.start();
        opened.add(http);
        return "http://127.0.0.1:" + http.port() + "/mcp";
    }

    private String bareUpstream() throws Exception {
        BareSdkUpstream bare = new BareSdkUpstream();
        opened.add(bare);
        return bare.url();
    }

    /** A gateway whose one upstream {@code up} is at {@code url}, spoken to in {@code era}. */
    private void gateway(String url, UpstreamSettings.Era era) {
        gateway(url, era, TIMEOUT, settings -> {});
    }

    /** A gateway whose one upstream {@code up} is at {@code url}, spoken to in {@code era}, with more settings. */
    private void gateway(
            String url, UpstreamSettings.Era era, Duration timeout, Consumer<UpstreamSettings.Builder> more) {
        UpstreamSettings.Builder settings = UpstreamSettings.builder("up")
                .transport("http")
                .url(url)
                .timeout(timeout)
                .era(era);
        more.accept(settings);
        gateway = new OneUpstreamGateway(settings.build(), Duration.ofSeconds(5), gatewayMeters);
        opened.add(gateway);
        upstreams = gateway.upstreams();
    }

    private McpSyncClient client2025() {
        return gateway.client(notification -> {});
    }

    /** Posts a 2026-07-28 request to the gateway and reads its JSON answer. */
    private JsonNode post2026(String method, String name, String params) throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params
                + (params.isEmpty() ? "" : ",") + meta + "}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (name != null) {
            request.header("Mcp-Name", name);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The upstream's tool calls counted in {@code era}. */
    private double upstreamCalls(String era) {
        return upstreamMeters.find("mcp.tool.calls").tag("protocol_era", era).counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private ComponentHealth health() {
        return upstreams.healthIndicators().stream()
                .filter(indicator -> indicator.name().equals("upstream:up"))
                .map(HealthIndicator::check)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aClientOf2025ReachesTheToolsPromptsAndResourcesOfAnUpstreamSpokenToIn2026() {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.V2026_07_28);
        McpSyncClient client = client2025();

        List<String> tools =
                client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        McpSchema.CallToolResult echoed = client.callTool(McpSchema.CallToolRequest.builder("up_echo")
                .arguments(Map.of("text", "through two eras"))
                .build());
        McpSchema.GetPromptResult prompt =
                client.getPrompt(new McpSchema.GetPromptRequest("up_brief", Map.of("topic", "eras")));
        String uri = client.listResources().resources().stream()
                .map(McpSchema.Resource::uri)
                .filter(listed -> listed.contains("brief"))
                .findFirst()
                .orElseThrow();
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(uri));

        assertThat(tools).contains("up_echo");
        assertThat(echoed.isError()).isFalse();
        assertThat(OneUpstreamGateway.text(echoed)).contains("through two eras");
        assertThat(prompt.messages())
                .singleElement()
                .satisfies(message -> assertThat(((McpSchema.TextContent) message.content()).text())
                        .isEqualTo("Brief on eras"));
        assertThat(read.contents())
                .singleElement()
                .satisfies(contents -> assertThat(((McpSchema.TextResourceContents) contents).text())
                        .isEqualTo("The brief"));
        assertThat(upstreamCalls("2026-07-28")).isEqualTo(1);
        assertThat(upstreamCalls("2025-11-25")).isZero();
        assertThat(gateway.eraGauge("2026-07-28")).isEqualTo(1);
        assertThat(gateway.eraGauge("2025-11-25")).isZero();
        assertThat(health().details()).containsEntry("era", "2026-07-28");
    }

    @Test
    void aClientOf2026ReachesAnUpstreamSpokenToIn2026() throws Exception {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.V2026_07_28);

        JsonNode listed = post2026("tools/list", null, "");
        JsonNode called =
                post2026("tools/call", "up_echo", "\"name\":\"up_echo\",\"arguments\":{\"text\":\"2026 both ways\"}");

        assertThat(listed.path("result").path("tools").findValuesAsText("name")).contains("up_echo");
        assertThat(called.path("result").path("isError").asBoolean(false)).isFalse();
        assertThat(called.path("result").path("content").toString()).contains("2026 both ways");
        assertThat(upstreamCalls("2026-07-28")).isEqualTo(1);
    }

    @Test
    void autoSpeaks2026ToAnUpstreamThatAnswersDiscoveryInIt() {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.AUTO);
        McpSyncClient client = client2025();

        McpSchema.CallToolResult echoed = client.callTool(McpSchema.CallToolRequest.builder("up_echo")
                .arguments(Map.of("text", "auto"))
                .build());

        assertThat(OneUpstreamGateway.text(echoed)).contains("auto");
        assertThat(upstreamCalls("2026-07-28")).isEqualTo(1);
        assertThat(gateway.eraGauge("2026-07-28")).isEqualTo(1);
    }

    @Test
    void autoFallsBackTo2025ForAnUpstreamThatDoesNotSpeak2026() throws Exception {
        gateway(bareUpstream(), UpstreamSettings.Era.AUTO);
        McpSyncClient client = client2025();

        McpSchema.CallToolResult shouted = client.callTool(McpSchema.CallToolRequest.builder("up_shout")
                .arguments(Map.of("text", "fallback"))
                .build());
        JsonNode called2026 =
                post2026("tools/call", "up_shout", "\"name\":\"up_shout\",\"arguments\":{\"text\":\"from 2026\"}");

        assertThat(shouted.isError()).isFalse();
        assertThat(OneUpstreamGateway.text(shouted)).isEqualTo("FALLBACK");
        assertThat(called2026.path("result").path("content").toString()).contains("FROM 2026");
        assertThat(gateway.eraGauge("2025-11-25")).isEqualTo(1);
        assertThat(gateway.eraGauge("2026-07-28")).isZero();
        assertThat(health().details()).containsEntry("era", "2025-11-25");
    }

    @Test
    void aCallersBadArgumentsAreAnsweredWithTheUpstreamsMessageAndNeverRefuseAnotherCallersCalls() throws Exception {
        gateway(bareUpstream(), UpstreamSettings.Era.AUTO, TIMEOUT, settings -> settings.breakerFailures(2));
        McpSyncClient careless = client2025();
        McpSyncClient careful = client2025();

        for (int i = 0; i < 3; i++) {
            McpSchema.CallToolResult refused = careless.callTool(McpSchema.CallToolRequest.builder("up_shout")
                    .arguments(Map.of("text", ""))
                    .build());
            assertThat(refused.isError()).isTrue();
            assertThat(OneUpstreamGateway.text(refused))
                    .isEqualTo("Upstream 'up' refused up_shout: Invalid params: text must not be empty.");
        }
        McpSchema.CallToolResult shouted = careful.callTool(McpSchema.CallToolRequest.builder("up_shout")
                .arguments(Map.of("text", "still served"))
                .build());

        assertThat(OneUpstreamGateway.text(shouted)).isEqualTo("STILL SERVED");
        assertThat(gatewayMeters
                        .get("bulwark.upstream.calls")
                        .tags("upstream", "up", "outcome", "caller_error")
                        .counter()
                        .count())
                .isEqualTo(3.0);
    }

    @Test
    void era2026RefusesToConnectAnUpstreamThatDoesNotSpeakIt() throws Exception {
        LogCapture log = LogCapture.everythingAtTrace();
        opened.add(log);
        gateway(bareUpstream(), UpstreamSettings.Era.V2026_07_28);

        await().untilAsserted(() -> assertThat(health().status()).isEqualTo(ComponentStatus.DOWN));
        await().untilAsserted(() -> assertThat(log.events())
                .extracting(LogCapture.Captured::text)
                .anySatisfy(text -> assertThat(text)
                        .contains("Upstream up could not be connected: it does not answer server/discover in"
                                + " 2026-07-28, the era its setting names: set era to auto or 2025-11-25")));
        assertThat(upstreams.tools("up")).isEmpty();
        assertThat(gateway.eraGauge("2025-11-25")).isZero();
        assertThat(gateway.eraGauge("2026-07-28")).isZero();
    }

    @Test
    void theCredentialReachesAnUpstreamSpokenToIn2026() {
        String key = "gateway-key-0123456789abcdef";
        gateway(
                bulwarkUpstream(Optional.of(key)),
                UpstreamSettings.Era.V2026_07_28,
                TIMEOUT,
                settings -> settings.credentialHeader("X-API-Key").credential(key));
        McpSyncClient client = client2025();

        McpSchema.CallToolResult echoed = client.callTool(McpSchema.CallToolRequest.builder("up_echo")
                .arguments(Map.of("text", "with the key"))
                .build());

        assertThat(echoed.isError()).isFalse();
        assertThat(OneUpstreamGateway.text(echoed)).contains("with the key");
        assertThat(upstreamCalls("2026-07-28")).isEqualTo(1);
    }

    @Test
    void aCallPastItsTimeoutIsCancelledOnAnUpstreamSpokenToIn2026() {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.V2026_07_28, Duration.ofSeconds(1), settings -> {});
        McpSyncClient client = client2025();

        McpSchema.CallToolResult waited = client.callTool(McpSchema.CallToolRequest.builder("up_wait")
                .arguments(Map.of("text", "never answered"))
                .build());

        assertThat(waited.isError()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(upstreamCancelled.getCount()).isZero());
    }

    @Test
    void aToolAddedOnAnUpstreamSpokenToIn2026IsListedBeforeTheNextHealthCheck() {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.V2026_07_28);
        assertThat(upstreams.tools("up")).extracting(tool -> tool.name()).doesNotContain("shout");

        upstreamServer
                .catalogue()
                .add(Tool.builder("shout", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back louder")
                        .handler((input, context) ->
                                ToolResult.of(new Stage.Text(input.text().toUpperCase(java.util.Locale.ROOT))))
                        .build());

        // the health check, which reads the lists again too, is 15 s away
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(upstreams.tools("up"))
                        .extracting(tool -> tool.name())
                        .contains("shout"));
    }

    @Test
    void theProgressOfAnUpstreamSpokenToIn2026ReachesTheCallersToken() {
        gateway(bulwarkUpstream(), UpstreamSettings.Era.V2026_07_28);
        List<McpSchema.ProgressNotification> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        McpSyncClient client = gateway.client(progress::add);

        McpSchema.CallToolResult counted = client.callTool(McpSchema.CallToolRequest.builder("up_count")
                .arguments(Map.of("text", "counted"))
                .progressToken("caller-token")
                .build());

        assertThat(OneUpstreamGateway.text(counted)).contains("counted");
        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty());
        assertThat(progress).singleElement().satisfies(notification -> {
            assertThat(notification.progressToken()).isEqualTo("caller-token");
            assertThat(notification.progress()).isEqualTo(1.0);
            assertThat(notification.message()).isEqualTo("half way");
        });
    }
}
