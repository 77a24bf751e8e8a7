package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that answers the server's sampling or elicitation request with something that does not read as such a
 * result (a content type or an action the protocol does not have): the tool that asked gets a tool error saying so,
 * not an internal error. (Missing fields the SDK fills with defaults on purpose, and logs: a sampling result without
 * content reads as empty text, an elicitation result without action as a cancel.)
 */
class MalformedClientAnswersTest {

    record AskInput(@ToolParam(description = "Question") String question) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private McpSyncServer server;
    private McpSyncClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Every answer the client sends to the server's requests carries {@code result} instead of what it made. */
    private static McpSchema.JSONRPCMessage answeringWith(McpSchema.JSONRPCMessage message, Object result) {
        if (message instanceof McpSchema.JSONRPCResponse response && response.result() != null) {
            return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
        }
        return message;
    }

    private CallToolResult call(Tool<AskInput, Void> tool, Object clientAnswer) {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper);
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(tool).build(),
                        TestPipelines.mappingErrors(mapper),
                        jsonMapper)
                .serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient(message -> answeringWith(message, clientAnswer)))
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder()
                        .sampling()
                        .elicitation()
                        .build())
                .sampling(request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "fine", "m")
                        .build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null))
                .build();
        client.initialize();
        return client.callTool(McpSchema.CallToolRequest.builder(tool.name())
                .arguments(Map.of("question", "hi"))
                .build());
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void aSamplingAnswerThatDoesNotReadAsOneIsAToolErrorSayingSo() {
        Tool<AskInput, Void> ask = Tool.builder("ask_model", AskInput.class, Void.class)
                .description("Asks the client's model")
                .handler((input, context) ->
                        ToolResult.text(context.sample(input.question(), 50).text()))
                .build();

        CallToolResult result =
                call(ask, Map.of("role", "assistant", "model", "m", "content", Map.of("type", "hologram")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("The client's answer to the sampling request is not a sampling result");
        assertThat(result.meta()).containsEntry("dev.bulwark/error-type", "tool_error");
    }

    @Test
    void anElicitationAnswerThatDoesNotReadAsOneIsAToolErrorSayingSo() {
        Tool<AskInput, Void> ask = Tool.builder("ask_user", AskInput.class, Void.class)
                .description("Asks the user")
                .handler((input, context) -> ToolResult.text(
                        context.elicit(input.question(), Map.of("type", "object", "properties", Map.of()))
                                .action()
                                .name()))
                .build();

        CallToolResult result = call(ask, Map.of("action", "maybe"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result))
                .isEqualTo("The client's answer to the elicitation request is not an elicitation result");
    }

    @Test
    void aWellFormedSamplingAnswerStillReachesTheTool() {
        Tool<AskInput, Void> ask = Tool.builder("ask_model", AskInput.class, Void.class)
                .description("Asks the client's model")
                .handler((input, context) ->
                        ToolResult.text(context.sample(input.question(), 50).text()))
                .build();

        CallToolResult result = call(
                ask, Map.of("role", "assistant", "model", "m", "content", Map.of("type", "text", "text", "rewritten")));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("rewritten");
    }
}
