package dev.bulwark.tools.presentation.conformance;

import static dev.bulwark.core.internal.presentation.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.server.InMemoryTransport;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.tools.ConformancePack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance pack served by a real {@link Bulwark} server (full pipeline) over a real SDK session, driven by the
 * SDK's own client: each test mirrors what one scenario of the official suite checks.
 */
class ConformancePackTest {

    /** The name prefix of the tools of the input-required-result scenarios ({@code InputRoundTools}). */
    private static final String INPUT_ROUND_TOOLS = "test_input_required_result_";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final List<McpSchema.ResourceContents> updates = new CopyOnWriteArrayList<>();
    private final AtomicReference<McpSchema.CreateMessageRequest> samplingRequest = new AtomicReference<>();
    private final AtomicReference<McpSchema.ElicitFormRequest> elicitationRequest = new AtomicReference<>();
    private Bulwark bulwark;
    private McpSyncServer server;
    private InMemoryTransport transport;
    private McpSyncClient client;

    @BeforeEach
    void start() {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .pack(new ConformancePack())
                .build();
        transport = new InMemoryTransport(jsonMapper);
        server = bulwark.serve(transport, bulwark.localOperator());
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder()
                        .sampling()
                        .elicitation()
                        .build())
                .sampling(request -> {
                    samplingRequest.set(request);
                    return McpSchema.CreateMessageResult.builder(
                                    McpSchema.Role.ASSISTANT, "This is a test response from the client", "test-model")
                            .build();
                })
                .elicitation(request -> {
                    elicitationRequest.set(request);
                    return new McpSchema.ElicitResult(
                            McpSchema.ElicitResult.Action.ACCEPT,
                            Map.of("username", "testuser", "email", "test@example.com"));
                })
                .loggingConsumer(logs::add)
                .progressConsumer(progress::add)
                .resourcesUpdateConsumer(updates::addAll)
                .build();
        client.initialize();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        bulwark.close();
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(
                CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void serverDeclaresCompletionsSubscriptionsLoggingToolsAndPrompts() {
        McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();

        assertThat(capabilities.completions()).isNotNull();
        assertThat(capabilities.resources().subscribe()).isTrue();
        assertThat(capabilities.logging()).isNotNull();
        assertThat(capabilities.tools()).isNotNull();
        assertThat(capabilities.prompts()).isNotNull();
    }

    @Test
    void everyToolTheSuiteCallsIsListedWithDescriptionAndSchema() {
        List<McpSchema.Tool> tools = client.listTools().tools();

        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .filteredOn(name -> !name.startsWith(INPUT_ROUND_TOOLS))
                .containsExactly(
                        "test_simple_text",
                        "test_image_content",
                        "test_audio_content",
                        "test_embedded_resource",
                        "test_multiple_content_types",
                        "test_tool_with_logging",
                        "test_error_handling",
                        "test_tool_with_progress",
                        "test_sampling",
                        "test_elicitation",
                        "test_elicitation_sep1034_defaults",
                        "test_elicitation_sep1330_enums",
                        "json_schema_2020_12_tool",
                        "test_missing_capability",
                        "test_streaming_elicitation",
                        "test_logging_tool",
                        "test_param_header",
                        "greet",
                        "slow_compute",
                        "failing_job",
                        "protocol_error_job",
                        "confirm_delete",
                        "multi_input",
                        "test_tool_with_task",
                        "test_trigger_tool_change");
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.inputSchema()).isNotNull();
        });
    }

    @Test
    void simpleTextToolAnswersWithText() {
        CallToolResult result = client.callTool(
                CallToolRequest.builder().name("test_simple_text").build());

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("This is a simple text response for testing.");
    }

    @Test
    void imageAndAudioToolsAnswerWithMediaOnly() {
        McpSchema.Content image = call("test_image_content", Map.of()).content().get(0);
        McpSchema.Content audio = call("test_audio_content", Map.of()).content().get(0);

        assertThat(image).isInstanceOfSatisfying(McpSchema.ImageContent.class, i -> {
            assertThat(i.mimeType()).isEqualTo("image/png");
            assertThat(Base64.getDecoder().decode(i.data())).startsWith(0x89, 'P', 'N', 'G');
        });
        assertThat(audio).isInstanceOfSatisfying(McpSchema.AudioContent.class, a -> {
            assertThat(a.mimeType()).isEqualTo("audio/wav");
            assertThat(a.data()).isNotEmpty();
        });
    }

    @Test
    void embeddedResourceToolAnswersWithTheResourceByValue() {
        McpSchema.Content content =
                call("test_embedded_resource", Map.of()).content().get(0);

        assertThat(content)
                .isInstanceOfSatisfying(
                        McpSchema.EmbeddedResource.class,
                        embedded -> assertThat(embedded.resource())
                                .isInstanceOfSatisfying(McpSchema.TextResourceContents.class, r -> {
                                    assertThat(r.uri()).isEqualTo("test://embedded-resource");
                                    assertThat(r.mimeType()).isEqualTo("text/plain");
                                    assertThat(r.text()).isEqualTo("This is an embedded resource content.");
                                }));
    }

    @Test
    void mixedContentToolAnswersWithTextImageAndResource() {
        List<McpSchema.Content> content =
                call("test_multiple_content_types", Map.of()).content();

        assertThat(content).extracting(McpSchema.Content::type).containsExactly("text", "image", "resource");
    }

    @Test
    void loggingToolSendsThreeLogMessagesDuringTheCall() {
        client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);

        CallToolResult result = call("test_tool_with_logging", Map.of());

        assertThat(result.isError()).isFalse();
        eventually(() -> assertThat(logs)
                .extracting(log -> String.valueOf(log.data()))
                .containsExactly("Tool execution started", "Tool processing data", "Tool execution completed"));
        assertThat(logs).allSatisfy(log -> assertThat(log.level()).isEqualTo(McpSchema.LoggingLevel.INFO));
    }

    @Test
    void errorToolAnswersWithAnErrorResultAndItsMessage() {
        CallToolResult result = call("test_error_handling", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("This tool intentionally returns an error for testing");
    }

    @Test
    void progressToolReportsIncreasingProgressForTheClientsToken() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("test_tool_with_progress")
                .arguments(Map.of())
                .progressToken("progress-test-1")
                .build());

        assertThat(result.isError()).isFalse();
        eventually(() -> assertThat(progress).hasSize(3));
        // the SDK client hands each notification to its consumer on a thread of its own, so their order here is
        // the client's, not the order the server sent them in
        assertThat(progress)
                .extracting(McpSchema.ProgressNotification::progress)
                .containsExactlyInAnyOrder(0.0, 50.0, 100.0);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.progressToken()).isEqualTo("progress-test-1");
            assertThat(p.total()).isEqualTo(100.0);
        });
    }

    @Test
    void progressToolSendsNothingWithoutAToken() {
        CallToolResult result = call("test_tool_with_progress", Map.of());

        assertThat(text(result)).isEqualTo("Tool execution completed with progress");
        assertThat(progress).isEmpty();
    }

    @Test
    void samplingToolAsksTheClientsModelAndAnswersWithItsReply() {
        CallToolResult result = call("test_sampling", Map.of("prompt", "Test prompt for sampling"));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("LLM response: This is a test response from the client");
        assertThat(samplingRequest.get().maxTokens()).isEqualTo(100);
        assertThat(samplingRequest.get().messages()).singleElement().satisfies(message -> {
            assertThat(message.role()).isEqualTo(McpSchema.Role.USER);
            assertThat(((TextContent) message.content()).text()).isEqualTo("Test prompt for sampling");
        });
    }

    @Test
    void missingCapabilityToolSamplesFromAClientThatCan() {
        CallToolResult result = call("test_missing_capability", Map.of());

        assertThat(text(result)).isEqualTo("LLM response: This is a test response from the client");
    }

    @Test
    void missingCapabilityToolIsRefusedNamingSamplingToAStatelessClientThatDidNotDeclareIt() throws Exception {
        String answer = bulwark.era2026()
                .serve(
                        Era2026Request.overStdio(
                                new ObjectMapper()
                                        .readValue(
                                                "{\"jsonrpc\":\"2.0\",\"id\":401,\"method\":\"tools/call\",\"params\":{\"name\":"
                                                        + "\"test_missing_capability\",\"arguments\":{},\"_meta\":{"
                                                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                                                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                                                new TypeReference<Map<String, Object>>() {}),
                                RequestOrigin.of(bulwark.localOperator())),
                        notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json();

        assertThat(new ObjectMapper().readTree(answer).path("error"))
                .isEqualTo(new ObjectMapper()
                        .readTree("{\"code\":-32021,\"message\":"
                                + "\"Missing required client capability: sampling\","
                                + "\"data\":{\"requiredCapabilities\":{\"sampling\":{}}}}"));
    }

    @Test
    void streamingAndLoggingDiagnosticToolsEndWithAText() {
        assertThat(text(call("test_streaming_elicitation", Map.of()))).isEqualTo("Streaming complete");
        assertThat(text(call("test_logging_tool", Map.of()))).isEqualTo("Logging complete");
    }

    @Test
    void samplingToolValidatesItsArgumentsInThePipeline() {
        CallToolResult result = call("test_sampling", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("prompt");
        assertThat(samplingRequest.get()).isNull();
    }

    @Test
    void elicitationToolAsksTheUserAndAnswersWithTheirInput() {
        CallToolResult result = call("test_elicitation", Map.of("message", "Please provide your information"));

        assertThat(text(result)).startsWith("User response: action=accept").contains("testuser");
        assertThat(elicitationRequest.get().message()).isEqualTo("Please provide your information");
        assertThat(elicitationRequest.get().requestedSchema()).containsEntry("required", List.of("username", "email"));
    }

    @Test
    void defaultsElicitationCarriesADefaultForEveryPrimitiveType() {
        call("test_elicitation_sep1034_defaults", Map.of());

        Map<String, Object> properties = properties(elicitationRequest.get());
        assertThat(properties.get("name")).isEqualTo(Map.of("type", "string", "default", "John Doe"));
        assertThat(properties.get("age")).isEqualTo(Map.of("type", "integer", "default", 30));
        assertThat(properties.get("score")).isEqualTo(Map.of("type", "number", "default", 95.5));
        assertThat(properties.get("status"))
                .isEqualTo(Map.of(
                        "type", "string", "enum", List.of("active", "inactive", "pending"), "default", "active"));
        assertThat(properties.get("verified")).isEqualTo(Map.of("type", "boolean", "default", true));
    }

    @Test
    void enumsElicitationCarriesAllFiveEnumShapes() {
        call("test_elicitation_sep1330_enums", Map.of());

        Map<String, Object> properties = properties(elicitationRequest.get());
        assertThat(properties)
                .containsOnlyKeys("untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti");
        assertThat(properties.get("titledSingle"))
                .asInstanceOf(MAP)
                .containsKey("oneOf")
                .doesNotContainKey("enum");
        assertThat(properties.get("legacyEnum")).asInstanceOf(MAP).containsKeys("enum", "enumNames");
        assertThat(properties.get("titledMulti")).asInstanceOf(MAP).containsEntry("type", "array");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.ElicitFormRequest request) {
        return (Map<String, Object>) request.requestedSchema().get("properties");
    }

    @Test
    void jsonSchema202012KeywordsSurviveTheListing() {
        McpSchema.Tool tool = client.listTools().tools().stream()
                .filter(t -> t.name().equals("json_schema_2020_12_tool"))
                .findFirst()
                .orElseThrow();

        Map<String, Object> schema = jsonMapper.convertValue(tool.inputSchema(), new TypeRef<>() {});
        assertThat(schema)
                .containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
                .containsEntry("additionalProperties", false)
                .containsKeys("$defs", "allOf", "if", "then", "else");
        assertThat(schema.get("$defs"))
                .isEqualTo(Map.of(
                        "address",
                        Map.of(
                                "$anchor",
                                "addressDef",
                                "type",
                                "object",
                                "properties",
                                Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")))));
    }

    @Test
    void jsonSchema202012ToolIsValidatedAgainstThatSchema() {
        CallToolResult valid = call(
                "json_schema_2020_12_tool",
                Map.of(
                        "name",
                        "Ada",
                        "address",
                        Map.of("street", "1 Main St", "city", "London"),
                        "email",
                        "ada@example.com"));
        CallToolResult invalid = call("json_schema_2020_12_tool", Map.of("name", "Ada", "unexpected", 1));

        assertThat(text(valid)).isEqualTo("ok");
        assertThat(invalid.isError()).isTrue();
        assertThat(text(invalid)).contains("unexpected");
    }

    @Test
    void theParamHeaderToolPublishesItsXMcpHeaderAnnotationAndAnswersWithTheRegion() {
        McpSchema.Tool tool = client.listTools().tools().stream()
                .filter(t -> t.name().equals("test_param_header"))
                .findFirst()
                .orElseThrow();

        Map<String, Object> schema = jsonMapper.convertValue(tool.inputSchema(), new TypeRef<>() {});
        assertThat(schema.get("properties"))
                .isEqualTo(Map.of(
                        "region",
                        Map.of(
                                "type",
                                "string",
                                "description",
                                "The region to route the call to",
                                "x-mcp-header",
                                "Region"),
                        "query",
                        Map.of("type", "string", "description", "What to run there")));
        assertThat(text(call("test_param_header", Map.of("region", "Hello")))).isEqualTo("Routed to Hello");
    }

    @Test
    void resourcesAreListedAndReadAsTextAndBlob() {
        assertThat(client.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactlyInAnyOrder("test://static-text", "test://static-binary", "test://watched-resource");

        McpSchema.ResourceContents text = client.readResource(new McpSchema.ReadResourceRequest("test://static-text"))
                .contents()
                .get(0);
        McpSchema.ResourceContents blob = client.readResource(new McpSchema.ReadResourceRequest("test://static-binary"))
                .contents()
                .get(0);

        assertThat(text).isInstanceOfSatisfying(McpSchema.TextResourceContents.class, t -> {
            assertThat(t.mimeType()).isEqualTo("text/plain");
            assertThat(t.text()).isEqualTo("This is the content of the static text resource.");
        });
        assertThat(blob).isInstanceOfSatisfying(McpSchema.BlobResourceContents.class, b -> {
            assertThat(b.mimeType()).isEqualTo("image/png");
            assertThat(b.blob()).isEqualTo(ConformanceMedia.RED_PIXEL_PNG);
        });
    }

    @Test
    void templateReadSubstitutesTheId() {
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("test://template/{id}/data");

        McpSchema.ResourceContents contents = client.readResource(
                        new McpSchema.ReadResourceRequest("test://template/123/data"))
                .contents()
                .get(0);

        assertThat(contents).isInstanceOfSatisfying(McpSchema.TextResourceContents.class, t -> {
            assertThat(t.uri()).isEqualTo("test://template/123/data");
            assertThat(t.mimeType()).isEqualTo("application/json");
            assertThat(t.text()).isEqualTo("{\"id\":\"123\",\"templateTest\":true,\"data\":\"Data for ID: 123\"}");
        });
    }

    @Test
    void aSubscribedClientHearsOfUpdatesToTheWatchedResourceAndCanUnsubscribe() {
        client.subscribeResource(new McpSchema.SubscribeRequest("test://watched-resource"));
        server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification("test://watched-resource"));

        eventually(() -> assertThat(updates)
                .extracting(McpSchema.ResourceContents::uri)
                .containsExactly("test://watched-resource"));
        client.unsubscribeResource(new McpSchema.UnsubscribeRequest("test://watched-resource"));
    }

    @Test
    void inputRoundToolsAreListedAfterTheOthers() {
        List<McpSchema.Tool> tools = client.listTools().tools();

        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .filteredOn(name -> name.startsWith(INPUT_ROUND_TOOLS))
                .containsExactly(
                        "test_input_required_result_elicitation",
                        "test_input_required_result_sampling",
                        "test_input_required_result_list_roots",
                        "test_input_required_result_request_state",
                        "test_input_required_result_multiple_inputs",
                        "test_input_required_result_multi_round",
                        "test_input_required_result_tampered_state",
                        "test_input_required_result_capabilities");
    }

    @Test
    void inputRoundToolsAskOverASessionAndWaitForTheAnswers() {
        CallToolResult greeted = call("test_input_required_result_elicitation", Map.of());
        CallToolResult both = call("test_input_required_result_capabilities", Map.of());

        assertThat(text(greeted)).isEqualTo("Hello, stranger!"); // this client's form answer has no "name"
        assertThat(elicitationRequest.get().message()).isEqualTo("What is your name?");
        assertThat(text(both)).isEqualTo("Answered: user_name, capital_question");
        assertThat(samplingRequest.get().maxTokens()).isEqualTo(100);
    }

    @Test
    void promptsAreListedWithDescriptions() {
        assertThat(client.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder(
                        "test_simple_prompt",
                        "test_prompt_with_arguments",
                        "test_prompt_with_embedded_resource",
                        "test_prompt_with_image",
                        "test_input_required_result_prompt");
        assertThat(client.listPrompts().prompts())
                .allSatisfy(p -> assertThat(p.description()).isNotBlank());
    }

    @Test
    void promptsRenderTextArgumentsResourcesAndImages() {
        McpSchema.GetPromptResult simple =
                client.getPrompt(new McpSchema.GetPromptRequest("test_simple_prompt", Map.of()));
        McpSchema.GetPromptResult withArgs = client.getPrompt(new McpSchema.GetPromptRequest(
                "test_prompt_with_arguments", Map.of("arg1", "testValue1", "arg2", "testValue2")));
        McpSchema.GetPromptResult withResource = client.getPrompt(new McpSchema.GetPromptRequest(
                "test_prompt_with_embedded_resource", Map.of("resourceUri", "test://example-resource")));
        McpSchema.GetPromptResult withImage =
                client.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_image", Map.of()));

        assertThat(((TextContent) simple.messages().get(0).content()).text())
                .isEqualTo("This is a simple prompt for testing.");
        assertThat(((TextContent) withArgs.messages().get(0).content()).text())
                .isEqualTo("Prompt with arguments: arg1='testValue1', arg2='testValue2'");
        assertThat(withResource.messages()).extracting(m -> m.content().type()).containsExactly("resource", "text");
        assertThat(((McpSchema.EmbeddedResource) withResource.messages().get(0).content())
                        .resource()
                        .uri())
                .isEqualTo("test://example-resource");
        assertThat(withImage.messages()).extracting(m -> m.content().type()).containsExactly("image", "text");
        assertThat(withImage.messages()).allSatisfy(m -> assertThat(m.role()).isEqualTo(McpSchema.Role.USER));
    }

    @Test
    void promptArgumentsComplete() {
        McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("test_prompt_with_arguments"),
                new McpSchema.CompleteRequest.CompleteArgument("arg1", "pa")));

        assertThat(result.completion().values()).containsExactly("paris", "park", "party");
        assertThat(result.completion().total()).isEqualTo(3);
        assertThat(result.completion().hasMore()).isFalse();
    }

    @Test
    void conformanceToolCallsRunThroughThePipeline() {
        call("test_simple_text", Map.of());
        call("test_error_handling", Map.of());

        assertThat(registry.get("mcp.tool.calls")
                        .tags("tool", "test_simple_text", "outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("mcp.errors")
                        .tags("error_type", "tool_error")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void samplingFromAClientWithoutTheCapabilityEndsTheCallWithAClearError() {
        McpSyncClient plain = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        plain.initialize();
        try {
            CallToolResult result = plain.callTool(CallToolRequest.builder()
                    .name("test_sampling")
                    .arguments(Map.of("prompt", "hi"))
                    .build());

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("sampling");
            assertThat(result.meta()).containsEntry("dev.bulwark/error-type", "client_feature_unavailable");
        } finally {
            plain.close();
        }
    }
}
