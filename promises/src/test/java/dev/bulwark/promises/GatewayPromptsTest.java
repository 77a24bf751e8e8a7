package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
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
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeIsRefusedACompletionAndNothingIsSentUpstream() {
        McpSyncClient outsider = client(OUTSIDER_KEY, new ArrayList<>());

        assertThatThrownBy(() -> outsider.completeCompletion(topic(new McpSchema.PromptReference("mcp_brief"), "ra")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:read");
        assertThatThrownBy(() -> outsider.completeCompletion(
                        topic(new McpSchema.ResourceReference("notes://mcp/topics/{topic}"), "s")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("promise:read");
        assertThat(stage.completionsAsked()).isZero();
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
