package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream MCP server in this JVM serves prompts over Streamable HTTP; the gateway, itself served over Streamable
 * HTTP with API keys, passes them on under the upstream's prefix and scope, one audit record of kind {@code prompt}
 * each, completes their arguments by asking the upstream, and passes their changes on.
 */
class GatewayPromptsTest {

    private static final String READER_KEY = "reader-key-0123456789abcdef";
    private static final String OUTSIDER_KEY = "outsider-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayStage stage = new GatewayStage();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final Bulwark gateway = Bulwark.builder(BulwarkConfig.defaults())
            .pack(stage.pack())
            .auditLog(audit::add)
            .build();
    private final BulwarkHttp http = BulwarkHttp.builder(gateway)
            .port(0)
            .managementPort(0)
            .apiKeys(new ApiKeys(List.of(
                    new ApiKey("reader", Set.of("promise:read"), ApiKeys.hashOf(READER_KEY)),
                    new ApiKey("outsider", Set.of("tools:read"), ApiKeys.hashOf(OUTSIDER_KEY)))))
            .start();
    private final List<McpSyncClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(McpSyncClient::closeGracefully);
        http.close();
        gateway.close();
        stage.close();
    }

    private McpSyncClient client(String key, List<List<McpSchema.Prompt>> heard) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + http.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-API-Key", key))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .promptsChangeConsumer(heard::add)
                .build();
        clients.add(client);
        client.initialize();
        return client;
    }

    private static McpSchema.GetPromptRequest brief(String name) {
        return new McpSchema.GetPromptRequest(name, Map.of("topic", "rain"));
    }

    @Test
    void theUpstreamsPromptsAreListedUnderItsPrefixAndGotWithTheirArguments() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(reader.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .contains("mcp_brief", "mcp_broken")
                .as("the other upstream's prompts need promise:write")
                .doesNotContain("mcpadmin_brief");
        McpSchema.GetPromptResult got = reader.getPrompt(brief("mcp_brief"));

        assertThat(((McpSchema.TextContent) got.messages().get(0).content()).text())
                .isEqualTo("Brief on rain");
        assertThat(audit)
                .filteredOn(record -> "mcp".equals(record.upstream()))
                .extracting(AuditRecord::kind, AuditRecord::tool, AuditRecord::principal, AuditRecord::outcome)
                .containsExactly(tuple(AuditRecord.Kind.PROMPT, "mcp_brief", "reader", "success"));
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeSeesNoneOfItsPromptsAndIsRefusedThem() {
        McpSyncClient outsider = client(OUTSIDER_KEY, new ArrayList<>());
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(outsider.listPrompts().prompts()).isEmpty();
        assertThatThrownBy(() -> outsider.getPrompt(brief("mcp_brief")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:read");
        assertThatThrownBy(() -> reader.getPrompt(brief("mcpadmin_brief")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:write");
    }

    private static McpSchema.CompleteRequest topic(McpSchema.CompleteReference ref, String typed) {
        return new McpSchema.CompleteRequest(ref, new McpSchema.CompleteRequest.CompleteArgument("topic", typed));
    }

    @Test
    void anUpstreamsPromptAndTemplateCompleteTheirArgumentsThroughTheGateway() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(reader.getServerCapabilities().completions()).isNotNull();
        assertThat(reader.completeCompletion(topic(new McpSchema.PromptReference("mcp_brief"), "ra"))
                        .completion()
                        .values())
                .containsExactly("rain", "rainbow");
        assertThat(reader.completeCompletion(topic(new McpSchema.ResourceReference("notes://mcp/topics/{topic}"), "s"))
                        .completion()
                        .values())
                .containsExactly("snow");
        assertThat(stage.completionsAsked()).isEqualTo(2);
        assertThat(audit)
                .filteredOn(record -> record.kind() == AuditRecord.Kind.COMPLETION)
                .extracting(
                        AuditRecord::tool,
                        AuditRecord::upstream,
                        AuditRecord::principal,
                        AuditRecord::outcome,
                        AuditRecord::protocolEra)
                .containsExactly(
                        tuple("mcp_brief", "mcp", "reader", "success", "2025-11-25"),
                        tuple("notes://mcp/topics/{topic}", "mcp", "reader", "success", "2025-11-25"));
    }

    /** The body of a {@code completion/complete} of {@code topic} of the prompt {@code prompt}, with {@code meta}. */
    private static String completionOf(String prompt, String typed, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"completion/complete\",\"params\":{\"ref\":"
                + "{\"type\":\"ref/prompt\",\"name\":\"" + prompt + "\"},\"argument\":{\"name\":\"topic\","
                + "\"value\":\"" + typed + "\"}" + meta + "}}";
    }

    private static final String META_2026 = ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /** Posts {@code body} to {@code port}'s MCP endpoint in {@code version}, with {@code key}, and reads the answer. */
    private static JsonNode post(int port, String version, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", version)
                .header("Mcp-Method", "completion/complete")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body().strip();
        // an answer in an event stream is its data line
        if (text.startsWith("event:") || text.startsWith("id:") || text.startsWith("data:")) {
            text = text.lines()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring("data:".length()).strip())
                    .reduce((first, last) -> last)
                    .orElseThrow();
        }
        return JSON.readTree(text);
    }

    @Test
    void aClientOf2026CompletesAnUpstreamsPromptThroughTheGatewayAuditedOnce() throws Exception {
        JsonNode answer = post(http.port(), "2026-07-28", READER_KEY, completionOf("mcp_brief", "ra", META_2026));

        assertThat(answer.path("result").path("completion").path("values").toString())
                .as(answer.toString())
                .isEqualTo("[\"rain\",\"rainbow\"]");
        assertThat(stage.completionsAsked()).isEqualTo(1);
        assertThat(audit)
                .filteredOn(record -> record.kind() == AuditRecord.Kind.COMPLETION)
                .extracting(AuditRecord::tool, AuditRecord::upstream, AuditRecord::principal, AuditRecord::protocolEra)
                .containsExactly(tuple("mcp_brief", "mcp", "reader", "2026-07-28"));
    }

    @Test
    void aStatelessGatewayCompletesAnUpstreamsPromptAuditedOnce() throws Exception {
        try (BulwarkHttp stateless = BulwarkHttp.builder(gateway)
                .port(0)
                .managementPort(0)
                .mode(HttpMode.STATELESS)
                .apiKeys(new ApiKeys(List.of(new ApiKey("reader", Set.of("promise:read"), ApiKeys.hashOf(READER_KEY)))))
                .start()) {
            JsonNode answer = post(stateless.port(), "2025-11-25", READER_KEY, completionOf("mcp_brief", "rainb", ""));

            assertThat(answer.path("result").path("completion").path("values").toString())
                    .as(answer.toString())
                    .isEqualTo("[\"rainbow\"]");
        }
        assertThat(audit)
                .filteredOn(record -> record.kind() == AuditRecord.Kind.COMPLETION)
                .extracting(AuditRecord::tool, AuditRecord::upstream, AuditRecord::principal, AuditRecord::outcome)
                .containsExactly(tuple("mcp_brief", "mcp", "reader", "success"));
    }

    @Test
    @SuppressWarnings("rawtypes") // a free-form JSON object out
    void aServerThatDeclaresNoCompletionsAnswersACompletionMethodNotFoundInBothEras() throws Exception {
        try (Bulwark plain = Bulwark.builder(BulwarkConfig.defaults())
                        .tool(Tool.builder("ping_me", Map.class, Map.class)
                                .description("Answers pong.")
                                .inputSchema(Map.of("type", "object"))
                                .handler((input, context) -> new ToolResult<Map>(Map.of("pong", true), "pong"))
                                .build())
                        .build();
                BulwarkHttp stateless = BulwarkHttp.builder(plain)
                        .port(0)
                        .managementPort(0)
                        .mode(HttpMode.STATELESS)
                        .start()) {
            JsonNode in2025 = post(stateless.port(), "2025-11-25", null, completionOf("brief", "ra", ""));
            JsonNode in2026 = post(stateless.port(), "2026-07-28", null, completionOf("brief", "ra", META_2026));

            assertThat(in2025.path("error").path("code").asInt())
                    .as(in2025.toString())
                    .isEqualTo(-32601);
            assertThat(in2026.path("error").path("code").asInt())
                    .as(in2026.toString())
                    .isEqualTo(-32601);
        }
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeIsRefusedACompletionAndNothingIsSentUpstreamOrAudited() {
        McpSyncClient outsider = client(OUTSIDER_KEY, new ArrayList<>());

        assertThatThrownBy(() -> outsider.completeCompletion(topic(new McpSchema.PromptReference("mcp_brief"), "ra")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:read");
        assertThatThrownBy(() -> outsider.completeCompletion(
                        topic(new McpSchema.ResourceReference("notes://mcp/topics/{topic}"), "s")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:read");
        assertThat(stage.completionsAsked()).isZero();
        assertThat(audit).noneMatch(record -> record.kind() == AuditRecord.Kind.COMPLETION);
    }

    @Test
    void aCompletionOfAPromptNoOneServesIsInvalidParams() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(catchThrowable(
                        () -> reader.completeCompletion(topic(new McpSchema.PromptReference("mcp_nothing"), "ra"))))
                .isInstanceOf(McpError.class)
                .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code())
                        .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS))
                .hasMessageContaining("mcp_nothing");
        assertThat(stage.completionsAsked()).isZero();
    }

    @Test
    void anUpstreamsFailingPromptIsAnsweredWithoutItsHostOrText() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThatThrownBy(() -> reader.getPrompt(new McpSchema.GetPromptRequest("mcp_broken", Map.of())))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Upstream 'mcp'")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("db.internal", "5432", "hunter2", "127.0.0.1", "Exception"));
    }

    @Test
    void aPromptTheUpstreamAddsIsPassedOnToConnectedClients() {
        List<List<McpSchema.Prompt>> heard = new CopyOnWriteArrayList<>();
        McpSyncClient reader = client(READER_KEY, heard);

        stage.upstreamPrompts()
                .add(new Prompt("later", "Comes later", List.of(), (arguments, context) -> "Later it is"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(prompts -> assertThat(prompts)
                                .extracting(McpSchema.Prompt::name)
                                .contains("mcp_later")));
        McpSchema.GetPromptResult got = reader.getPrompt(new McpSchema.GetPromptRequest("mcp_later", Map.of()));
        assertThat(((McpSchema.TextContent) got.messages().get(0).content()).text())
                .isEqualTo("Later it is");

        stage.upstreamPrompts().remove("later");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(reader.listPrompts().prompts())
                        .extracting(McpSchema.Prompt::name)
                        .doesNotContain("mcp_later"));
    }
}
