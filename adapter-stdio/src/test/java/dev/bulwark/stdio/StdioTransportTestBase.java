package dev.bulwark.stdio;

import static dev.bulwark.stdio.StdioHarness.INITIALIZE;
import static dev.bulwark.stdio.StdioHarness.INITIALIZED;
import static dev.bulwark.stdio.StdioHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.LoggerFactory;

/**
 * What the stdio transport's tests share: a server over a {@link StdioHarness} with an {@code echo} tool, a
 * {@code slow} one that waits until {@link #releaseSlowTool} opens, and an {@code ask} one that asks the client for a
 * sampling result; closed after each test.
 */
abstract class StdioTransportTestBase {

    static final int MAX_LINE_BYTES = 4096;

    final CountDownLatch releaseSlowTool = new CountDownLatch(1);
    StdioHarness stdio;
    private ListAppender<ILoggingEvent> transportLog;

    static SyncToolSpecification tool(String name, Runnable body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    body.run();
                    return CallToolResult.builder().addTextContent("ok").build();
                })
                .build();
    }

    StdioHarness start() {
        stdio = new StdioHarness(
                MAX_LINE_BYTES, tool("echo", () -> {}), tool("slow", this::awaitRelease), askingTool());
        return stdio;
    }

    /** A tool that asks the client for a sampling result and says how that went. */
    static SyncToolSpecification askingTool() {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("ask", Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    try {
                        exchange.createMessage(McpSchema.CreateMessageRequest.builder()
                                .messages(List.of(new McpSchema.SamplingMessage(
                                        McpSchema.Role.USER, new McpSchema.TextContent("hi"))))
                                .maxTokens(10)
                                .build());
                        return CallToolResult.builder()
                                .addTextContent("answered")
                                .build();
                    } catch (RuntimeException e) {
                        return CallToolResult.builder()
                                .addTextContent("failed: " + e.getMessage())
                                .isError(true)
                                .build();
                    }
                })
                .build();
    }

    /** Opens a session whose client can answer sampling requests. */
    static void initializeWithSampling(StdioHarness stdio) {
        stdio.send(INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}"));
        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
        stdio.send(INITIALIZED);
    }

    static String ping(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
    }

    void awaitRelease() {
        try {
            releaseSlowTool.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the transport's log lines until the test ends. */
    ListAppender<ILoggingEvent> recordTransportLog() {
        transportLog = new ListAppender<>();
        transportLog.start();
        transportLogger().addAppender(transportLog);
        return transportLog;
    }

    private static Logger transportLogger() {
        return (Logger) LoggerFactory.getLogger(StdioTransportProvider.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        releaseSlowTool.countDown();
        if (transportLog != null) {
            transportLogger().detachAppender(transportLog);
        }
        if (stdio != null) {
            stdio.close();
        }
    }

    static void assertError(JsonNode message, int code, String messagePrefix) {
        assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(message.has("id")).as("error response has an id member").isTrue();
        assertThat(message.path("error").path("code").asInt()).isEqualTo(code);
        assertThat(message.path("error").path("message").asText()).startsWith(messagePrefix);
        assertThat(message.has("result")).isFalse();
    }

    static void assertToolsListAnswer(JsonNode message, int id) {
        assertThat(message.path("id").asInt()).isEqualTo(id);
        assertThat(message.path("result").path("tools").findValuesAsText("name"))
                .contains("echo");
    }
}
