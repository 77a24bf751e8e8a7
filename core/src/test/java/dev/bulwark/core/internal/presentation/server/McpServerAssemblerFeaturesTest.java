package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Content;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource templates, binary resources, message prompts, completions, capabilities and client requests, as the SDK
 * server the assembler builds serves them (stateless transport, so each request is answered on its own).
 */
class McpServerAssemblerFeaturesTest {

    /** Stateless requests name their caller, as an HTTP transport does. */
    private static final McpTransportContext OPERATOR_CONTEXT = McpTransportContext.create(
            RequestOrigin.of(Principal.of("operator", "*")).asContext());

    record AskInput(@ToolParam(description = "Question") String question) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final CapturingTransport transport = new CapturingTransport();
    private McpStatelessAsyncServer server;

    @BeforeEach
    void start() {
        Tool<AskInput, Void> ask = Tool.builder("ask_model", AskInput.class, Void.class)
                .description("Asks the client's model")
                .handler((input, context) ->
                        ToolResult.text(context.sample(input.question(), 50).text()))
                .build();
        ServerFeatures features = ServerFeatures.builder()
                .tool(ask)
                .resource(Resource.binary(
                        "test://logo",
                        "logo",
                        "Logo",
                        "image/png",
                        context -> "png".getBytes(StandardCharsets.US_ASCII)))
                .resource(new Resource("test://broken", "broken", "Fails with an Error", "text/plain", context -> {
                    throw new AssertionError("db.internal:5432 password=hunter2");
                }))
                .resource(new Resource("test://deep", "deep", "Recurses too deep", "text/plain", context -> {
                    throw new StackOverflowError();
                }))
                .resourceTemplate(new ResourceTemplate(
                        "users://{id}/notes/{note}",
                        "note",
                        "A user's note",
                        "text/plain",
                        (uri, variables, context) ->
                                "note " + variables.get("note") + " of user " + variables.get("id") + " at " + uri))
                .prompt(Prompt.withMessages(
                        "review",
                        "Reviews a chart",
                        List.of(new Prompt.Argument("focus", "What to look at", false)),
                        (arguments, context) -> List.of(
                                Prompt.Message.user(new Content.Image("iVBO", "image/png")),
                                Prompt.Message.assistant(Content.text("I see a chart.")))))
                .completion(Completion.forPrompt(
                        "review",
                        (request, context) -> IntStream.range(0, 150)
                                .mapToObj(i -> request.value() + i)
                                .toList()))
                .build();
        server = new McpServerAssembler(
                        ServerSettings.defaults(), features, TestPipelines.mappingErrors(mapper), jsonMapper)
                .serveStateless(transport);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private <T> T request(String method, Map<String, Object> params, TypeRef<T> type) {
        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(OPERATOR_CONTEXT, new McpSchema.JSONRPCRequest("2.0", method, 1, params))
                .block(Duration.ofSeconds(30));
        assertThat(response).isNotNull();
        assertThat(response.error()).isNull();
        return jsonMapper.convertValue(response.result(), type);
    }

    private McpSchema.JSONRPCResponse.JSONRPCError errorOf(String method, Map<String, Object> params) {
        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(OPERATOR_CONTEXT, new McpSchema.JSONRPCRequest("2.0", method, 1, params))
                .block(Duration.ofSeconds(30));
        assertThat(response).isNotNull();
        assertThat(response.error()).isNotNull();
        return response.error();
    }

    @Test
    void aReaderThatThrowsAnErrorIsAnsweredWithoutItsMessage() {
        var error = errorOf(McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "test://broken"));

        assertThat(error.code()).isEqualTo(McpSchema.ErrorCodes.INTERNAL_ERROR);
        assertThat(error.message())
                .startsWith("Internal error serving resource test://broken")
                .doesNotContain("hunter2", "db.internal");
    }

    @Test
    void aReaderThatOverflowsItsStackIsAnswered() {
        var error = errorOf(McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "test://deep"));

        assertThat(error.message()).startsWith("Internal error serving resource test://deep");
    }

    @Test
    void capabilitiesDeclareResourcesAndCompletions() {
        McpSchema.InitializeResult result = request(
                "initialize",
                Map.of(
                        "protocolVersion",
                        "2025-06-18",
                        "capabilities",
                        Map.of(),
                        "clientInfo",
                        Map.of("name", "t", "version", "1")),
                new TypeRef<>() {});

        assertThat(result.capabilities().completions()).isNotNull();
        assertThat(result.capabilities().resources().subscribe()).isFalse();
        assertThat(result.capabilities().prompts()).isNotNull();
    }

    @Test
    void statelessServerDeclaresNeitherLoggingNorSubscriptionsItCannotServe() {
        server.close();
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder()
                                .resource(Resource.binary(
                                        "test://logo", "logo", "Logo", "image/png", context -> new byte[0]))
                                .resourceSubscriptions(true)
                                .build(),
                        TestPipelines.mappingErrors(mapper),
                        jsonMapper)
                .serveStateless(transport);

        McpSchema.InitializeResult result = request(
                "initialize",
                Map.of(
                        "protocolVersion",
                        "2025-06-18",
                        "capabilities",
                        Map.of(),
                        "clientInfo",
                        Map.of("name", "t", "version", "1")),
                new TypeRef<>() {});

        assertThat(result.capabilities().logging()).isNull();
        assertThat(result.capabilities().resources().subscribe()).isFalse();
    }

    @Test
    void binaryResourceIsReadAsABase64Blob() {
        McpSchema.ReadResourceResult result =
                request("resources/read", Map.of("uri", "test://logo"), new TypeRef<>() {});

        assertThat(result.contents())
                .singleElement()
                .isEqualTo(new McpSchema.BlobResourceContents("test://logo", "image/png", "cG5n"));
    }

    @Test
    void templatesAreListedAndReadWithTheirVariables() {
        McpSchema.ListResourceTemplatesResult templates =
                request("resources/templates/list", Map.of(), new TypeRef<>() {});
        McpSchema.ReadResourceResult result =
                request("resources/read", Map.of("uri", "users://7/notes/42"), new TypeRef<>() {});

        assertThat(templates.resourceTemplates()).singleElement().satisfies(template -> {
            assertThat(template.uriTemplate()).isEqualTo("users://{id}/notes/{note}");
            assertThat(template.mimeType()).isEqualTo("text/plain");
        });
        assertThat(result.contents())
                .singleElement()
                .isEqualTo(new McpSchema.TextResourceContents(
                        "users://7/notes/42", "text/plain", "note 42 of user 7 at users://7/notes/42"));
    }

    @Test
    void messagesPromptKeepsRolesAndContentTypes() {
        McpSchema.GetPromptResult result = request("prompts/get", Map.of("name", "review"), new TypeRef<>() {});

        assertThat(result.messages())
                .extracting(McpSchema.PromptMessage::role)
                .containsExactly(McpSchema.Role.USER, McpSchema.Role.ASSISTANT);
        assertThat(result.messages()).extracting(m -> m.content().type()).containsExactly("image", "text");
    }

    @Test
    void completionAnswersAtMostAHundredValuesAndSaysThereAreMore() {
        McpSchema.CompleteResult result = request(
                "completion/complete",
                Map.of(
                        "ref", Map.of("type", "ref/prompt", "name", "review"),
                        "argument", Map.of("name", "focus", "value", "x")),
                new TypeRef<>() {});

        assertThat(result.completion().values()).hasSize(100).startsWith("x0", "x1");
        assertThat(result.completion().total()).isEqualTo(150);
        assertThat(result.completion().hasMore()).isTrue();
    }

    @Test
    void samplingWithoutASessionEndsTheCallWithAClearError() {
        McpSchema.CallToolResult result = request(
                "tools/call", Map.of("name", "ask_model", "arguments", Map.of("question", "why?")), new TypeRef<>() {});

        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .contains("sampling")
                .contains("no session");
        assertThat(result.meta())
                .containsEntry("dev.bulwark/error-type", "client_feature_unavailable")
                .containsEntry("dev.bulwark/client-feature", "sampling");
    }
}
