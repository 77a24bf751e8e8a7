package dev.bulwark.stdio;

import static dev.bulwark.stdio.StdioHarness.toolsCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests run on the transport's own request threads, not on the reader and not on Reactor's pool, and a handler
 * there can still wait for the client's answer, which the reader delivers. A real SDK server on the stdio transport,
 * built as Bulwark builds it ({@code immediateExecution} for a transport that runs requests on its own threads).
 */
class RequestThreadsOverStdioTest {

    private StdioHarness stdio;

    @AfterEach
    void close() throws Exception {
        if (stdio != null) {
            stdio.close();
        }
    }

    @Test
    void aToolRunsOnAnOwnRequestThreadOfTheTransport() {
        stdio = new StdioHarness(
                4096, tool("where", exchange -> Thread.currentThread().getName()));
        stdio.initialize();

        stdio.send(toolsCall(2, "where"));

        JsonNode answer = stdio.next();
        assertThat(answer.path("id").asInt()).isEqualTo(2);
        assertThat(answer.at("/result/content/0/text").asText()).startsWith("bulwark-stdio-request-");
    }

    @Test
    void aToolOnARequestThreadGetsTheClientsAnswerToItsOwnRequest() {
        stdio = new StdioHarness(4096, tool("ask", exchange -> {
            McpSchema.CreateMessageResult result = exchange.createMessage(McpSchema.CreateMessageRequest.builder()
                    .messages(List.of(
                            new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent("hi"))))
                    .maxTokens(10)
                    .build());
            return ((McpSchema.TextContent) result.content()).text();
        }));
        stdio.send(StdioHarness.INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}"));
        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
        stdio.send(StdioHarness.INITIALIZED);
        stdio.send(toolsCall(2, "ask"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.path("id") + ",\"result\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"hello\"},\"model\":\"m\"}}");

        JsonNode answer = stdio.next();
        assertThat(answer.path("id").asInt()).isEqualTo(2);
        assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("hello");
    }

    private interface Handler {
        String answer(McpSyncServerExchange exchange);
    }

    private static SyncToolSpecification tool(String name, Handler handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object")).build())
                .callHandler((exchange, request) -> CallToolResult.builder()
                        .addTextContent(handler.answer(exchange))
                        .build())
                .build();
    }
}
