package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How long a tool waits for the client to answer its sampling request, and what the caller is told after. */
class ClientRequestTimeoutTest {

    record AskInput(@ToolParam(description = "Question") String question) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final CountDownLatch clientAnswers = new CountDownLatch(1);
    private McpSyncServer server;
    private McpSyncClient client;

    @AfterEach
    void stop() {
        clientAnswers.countDown();
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CallToolResult askWithAClientThatNeverAnswers(Duration clientRequestTimeout) throws Exception {
        Tool<AskInput, Void> ask = Tool.builder("ask_model", AskInput.class, Void.class)
                .description("Asks the client's model")
                .handler((input, context) ->
                        ToolResult.text(context.sample(input.question(), 50).text()))
                .build();
        InMemoryTransport transport = new InMemoryTransport(jsonMapper);
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(ask).build(),
                        TestPipelines.mappingErrors(mapper),
                        jsonMapper)
                .withClientRequestTimeout(clientRequestTimeout)
                .serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> {
                    try {
                        clientAnswers.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "late", "m")
                            .build();
                })
                .build();
        client.initialize();
        return client.callTool(McpSchema.CallToolRequest.builder("ask_model")
                .arguments(Map.of("question", "hi"))
                .build());
    }

    @Test
    void aClientThatDoesNotAnswerInTimeEndsTheCallWithAToolErrorSayingSo() throws Exception {
        CallToolResult result = askWithAClientThatNeverAnswers(Duration.ofMillis(500));

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text())
                .isEqualTo("The client did not answer the sampling request in time");
        assertThat(result.meta()).containsEntry("dev.bulwark/error-type", "tool_error");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        McpServerAssembler assembler = new McpServerAssembler(
                ServerSettings.defaults(),
                ServerFeatures.builder().build(),
                TestPipelines.invoking(mapper),
                jsonMapper);

        assertThatThrownBy(() -> assembler.withClientRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
