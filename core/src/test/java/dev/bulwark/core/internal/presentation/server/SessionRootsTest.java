package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Root;
import dev.bulwark.core.Tool;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Over a session (the 2025 era), {@code CallContext.roots()} and {@code ask} reach the client through the SDK. */
class SessionRootsTest {

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

    private McpSchema.CallToolResult call(Tool<?, ?> tool, McpSchema.ClientCapabilities capabilities) {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper);
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(tool).build(),
                        TestPipelines.mappingErrors(mapper),
                        jsonMapper)
                .serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(capabilities)
                .roots(new McpSchema.Root("file:///work/project", "project"), new McpSchema.Root("file:///tmp", null))
                .elicitation(request ->
                        new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Alice")))
                .build();
        client.initialize();
        return client.callTool(McpSchema.CallToolRequest.builder()
                .name(tool.name())
                .arguments(Map.of())
                .build());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void rootsAreTheClientsRoots() {
        Tool<Map, Void> tool = Tool.builder("list_roots", Map.class, Void.class)
                .description("Lists the client's roots")
                .handler((input, context) -> ToolResult.text(context.roots().stream()
                        .map(root -> root.uri() + "=" + root.name())
                        .collect(Collectors.joining(","))))
                .build();

        McpSchema.CallToolResult result =
                call(tool, McpSchema.ClientCapabilities.builder().roots(true).build());

        assertThat(text(result)).isEqualTo("file:///work/project=project,file:///tmp=null");
    }

    @Test
    void askSendsEachRequestInTurnOverASession() {
        Tool<Map, Void> tool = Tool.builder("ask_both", Map.class, Void.class)
                .description("Asks a name and the roots")
                .handler((input, context) -> {
                    var answers = context.ask(
                            ClientRequest.elicitation(
                                    "name",
                                    "Name?",
                                    Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))),
                            ClientRequest.roots("roots"));
                    List<Root> roots = answers.roots("roots");
                    return ToolResult.text(answers.elicitation("name").content().get("name") + " " + roots.size());
                })
                .build();

        McpSchema.CallToolResult result = call(
                tool,
                McpSchema.ClientCapabilities.builder().roots(true).elicitation().build());

        assertThat(text(result)).isEqualTo("Alice 2");
    }

    @Test
    void aClientWithoutTheRootsCapabilityGetsAClearError() {
        Tool<Map, Void> tool = Tool.builder("list_roots", Map.class, Void.class)
                .description("Lists the client's roots")
                .handler((input, context) ->
                        ToolResult.text(String.valueOf(context.roots().size())))
                .build();

        McpSchema.CallToolResult result =
                call(tool, McpSchema.ClientCapabilities.builder().build());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("roots", "did not declare");
    }
}
