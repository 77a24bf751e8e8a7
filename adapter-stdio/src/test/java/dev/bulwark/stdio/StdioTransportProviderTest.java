package dev.bulwark.stdio;

import static dev.bulwark.stdio.StdioHarness.INITIALIZE;
import static dev.bulwark.stdio.StdioHarness.INITIALIZED;
import static dev.bulwark.stdio.StdioHarness.WAIT;
import static dev.bulwark.stdio.StdioHarness.toolsCall;
import static dev.bulwark.stdio.StdioHarness.toolsList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

class StdioTransportProviderTest {

    private static final int MAX_LINE_BYTES = 4096;

    private final CountDownLatch releaseSlowTool = new CountDownLatch(1);
    private StdioHarness stdio;

    private static SyncToolSpecification tool(String name, Runnable body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    body.run();
                    return CallToolResult.builder().addTextContent("ok").build();
                })
                .build();
    }

    private StdioHarness start() {
        stdio = new StdioHarness(MAX_LINE_BYTES, tool("echo", () -> { }), tool("slow", this::awaitRelease),
                askingTool());
        return stdio;
    }

    /** A tool that asks the client for a sampling result and says how that went. */
    private static SyncToolSpecification askingTool() {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("ask", Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    try {
                        exchange.createMessage(McpSchema.CreateMessageRequest.builder()
                                .messages(List.of(new McpSchema.SamplingMessage(
                                        McpSchema.Role.USER, new McpSchema.TextContent("hi"))))
                                .maxTokens(10)
                                .build());
                        return CallToolResult.builder().addTextContent("answered").build();
                    } catch (RuntimeException e) {
                        return CallToolResult.builder().addTextContent("failed: " + e.getMessage()).isError(true)
                                .build();
                    }
                })
                .build();
    }

    /** Opens a session whose client can answer sampling requests. */
    private static void initializeWithSampling(StdioHarness stdio) {
        stdio.send(INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}"));
        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
        stdio.send(INITIALIZED);
    }

    private static String ping(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void awaitRelease() {
        try {
            releaseSlowTool.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        releaseSlowTool.countDown();
        if (stdio != null) {
            stdio.close();
        }
    }

    private static void assertError(JsonNode message, int code, String messagePrefix) {
        assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(message.has("id")).as("error response has an id member").isTrue();
        assertThat(message.path("error").path("code").asInt()).isEqualTo(code);
        assertThat(message.path("error").path("message").asText()).startsWith(messagePrefix);
        assertThat(message.has("result")).isFalse();
    }

    private static void assertToolsListAnswer(JsonNode message, int id) {
        assertThat(message.path("id").asInt()).isEqualTo(id);
        assertThat(message.path("result").path("tools").findValuesAsText("name")).contains("echo");
    }

    @Test
    void answersInitializeOverStdout() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZE);

        JsonNode answer = stdio.next();
        assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.path("id").asInt()).isEqualTo(1);
        assertThat(answer.path("result").path("serverInfo").path("name").asText()).isEqualTo("t");
        assertThat(answer.path("result").path("protocolVersion").asText()).isNotBlank();
    }

    @Test
    void anIntegerIdBeyondSixtyFourBitsIsRefusedSayingSo() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZE.replace("\"id\":1", "\"id\":18446744073709551616"));

        assertError(stdio.next(), -32600, "Invalid Request: id must be a string or an integer of at most 64 bits");
    }

    @Test
    void malformedLineGetsParseErrorAndServingContinues() {
        StdioHarness stdio = start();

        stdio.send("this is {not json");
        JsonNode error = stdio.next();
        stdio.send(INITIALIZE);
        JsonNode initialized = stdio.next();
        stdio.send(INITIALIZED);
        stdio.send(toolsList(2));
        JsonNode tools = stdio.next();

        assertError(error, -32700, "Parse error: the line is not valid JSON (one value, each key once, nested at"
                + " most 1000 deep)");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.path("error").path("message").asText()).doesNotContain("not json").hasSizeLessThan(100);
        assertThat(initialized.path("id").asInt()).isEqualTo(1);
        assertThat(initialized.has("result")).isTrue();
        assertToolsListAnswer(tools, 2);
    }

    @Test
    void invalidUtf8GetsParseError() {
        StdioHarness stdio = start();

        stdio.sendRaw(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"', '\n'});

        assertError(stdio.next(), -32700, "Parse error");
    }

    @Test
    void nonJsonRpcObjectGetsInvalidRequest() {
        StdioHarness stdio = start();

        stdio.send("{\"hello\":\"world\"}");
        JsonNode error = stdio.next();
        stdio.initialize();

        assertError(error, -32600, "Invalid Request");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.path("error").path("message").asText()).doesNotContain("hello").doesNotContain("world");
    }

    @Test
    void invalidRequestCarriesTheIdWhenOneCanBeRead() {
        StdioHarness stdio = start();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":7}");
        JsonNode numericId = stdio.next();
        stdio.send("{\"jsonrpc\":\"1.0\",\"id\":\"abc\",\"method\":\"tools/list\"}");
        JsonNode stringId = stdio.next();
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}");
        JsonNode nullId = stdio.next();

        assertError(numericId, -32600, "Invalid Request");
        assertThat(numericId.get("id").asInt()).isEqualTo(7);
        assertError(stringId, -32600, "Invalid Request");
        assertThat(stringId.get("id").asText()).isEqualTo("abc");
        assertError(nullId, -32600, "Invalid Request");
        assertThat(nullId.get("id").isNull()).isTrue();
    }

    @Test
    void requestTheMapperRefusesForItsParamsGetsTheMappersErrorWithItsId() {
        stdio = new StdioHarness(MAX_LINE_BYTES, new ArgumentsCheckingMapper(), tool("echo", () -> { }));
        stdio.initialize();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":\"call-1\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":\"x\"}}");
        JsonNode refusal = stdio.next();
        stdio.send(toolsCall(3, "echo"));
        JsonNode next = stdio.next();

        assertError(refusal, -32602, ArgumentsCheckingMapper.MESSAGE);
        assertThat(refusal.path("id").asText()).isEqualTo("call-1");
        assertThat(next.path("id").asInt()).isEqualTo(3);
        assertThat(next.path("result").path("isError").asBoolean()).isFalse();
    }

    @Test
    void requestBeforeInitializeIsRefusedAtOnce() {
        StdioHarness stdio = start();

        stdio.send(toolsList(5));

        JsonNode refusal = stdio.next();
        assertError(refusal, -32600, "Invalid Request: the session is not initialized");
        assertThat(refusal.path("id").asInt()).isEqualTo(5);
    }

    @Test
    void pingBeforeInitializeIsAnswered() {
        StdioHarness stdio = start();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        JsonNode pong = stdio.next();
        assertThat(pong.path("id").asText()).isEqualTo("p");
        assertThat(pong.path("result").isObject()).isTrue();
    }

    @Test
    void manyRequestsBeforeInitializeDoNotStallTheSession() {
        StdioHarness stdio = start();

        for (int id = 100; id < 400; id++) {
            stdio.send(toolsList(id));
        }
        for (int i = 0; i < 300; i++) {
            assertThat(stdio.next().path("error").path("code").asInt()).isEqualTo(-32600);
        }
        stdio.initialize();
        stdio.send(toolsList(2));

        assertToolsListAnswer(stdio.next(), 2);
    }

    @Test
    void requestBetweenInitializeAndInitializedIsRefused() {
        StdioHarness stdio = start();
        stdio.send(INITIALIZE);
        stdio.next();

        stdio.send(toolsList(3));

        assertError(stdio.next(), -32600, "Invalid Request: the session is not open yet");
    }

    @Test
    void secondInitializeIsRefused() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.send(INITIALIZE.replace("\"id\":1", "\"id\":9"));

        JsonNode refusal = stdio.next();
        assertError(refusal, -32600, "Invalid Request: the session is already initialized");
        assertThat(refusal.path("id").asInt()).isEqualTo(9);
    }

    @Test
    void initializedNotificationBeforeInitializeOpensNothing() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZED);
        stdio.send(toolsList(4));

        assertError(stdio.next(), -32600, "Invalid Request: the session is not initialized");
    }

    @Test
    void jsonArrayGetsInvalidRequest() {
        StdioHarness stdio = start();

        stdio.send("[" + toolsList(2) + "]");

        assertError(stdio.next(), -32600, "Invalid Request");
    }

    @Test
    void oversizedLineIsRejectedAndServingContinues() {
        StdioHarness stdio = start();
        String padding = "x".repeat(MAX_LINE_BYTES * 8);

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + padding + "\"}}");
        JsonNode error = stdio.next();
        stdio.initialize();
        stdio.send(toolsList(2));
        JsonNode tools = stdio.next();

        assertError(error, -32600, "Invalid Request: the message is larger than the limit of " + MAX_LINE_BYTES
                + " bytes (limits.max-request-size)");
        assertThat(error.get("id").isNull()).isTrue();
        assertToolsListAnswer(tools, 2);
    }

    @Test
    void blankLinesAreIgnored() throws Exception {
        StdioHarness stdio = start();

        stdio.send("");
        stdio.send("   \t ");
        stdio.send("\r");
        stdio.assertNothingMoreWithin(Duration.ofMillis(300));
        stdio.initialize();
    }

    @Test
    void crlfTerminatedLinesAreAccepted() {
        StdioHarness stdio = start();

        stdio.sendRaw((INITIALIZE + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
    }

    @Test
    void requestsAreAnsweredConcurrently() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.send(toolsCall(10, "slow"));
        stdio.send(toolsCall(11, "echo"));
        JsonNode first = stdio.next();
        releaseSlowTool.countDown();
        JsonNode second = stdio.next();

        assertThat(first.path("id").asInt()).isEqualTo(11);
        assertThat(first.path("result").path("content").get(0).path("text").asText()).isEqualTo("ok");
        assertThat(second.path("id").asInt()).isEqualTo(10);
    }

    @Test
    void endOfInputTerminatesCleanly() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.endInput();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    void endOfInputStillDeliversAnswersToRequestsInFlight() throws Exception {
        StdioHarness stdio = start();
        stdio.initialize();
        stdio.send(toolsCall(10, "slow"));

        stdio.endInput();
        releaseSlowTool.countDown();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
        List<String> lines = stdio.closeStdoutAndCollectAll();
        assertThat(lines).last().asString().contains("\"id\":10");
    }

    @Test
    void closeGracefullyTerminates() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.server.closeGracefully();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    void stdoutCarriesOnlyJsonRpcMessages() throws Exception {
        StdioHarness stdio = start();
        ObjectMapper json = new ObjectMapper();

        stdio.send("garbage\u0000\u2028with odd characters");
        stdio.send("{\"no\":\"rpc\"}");
        stdio.send("y".repeat(MAX_LINE_BYTES + 1));
        stdio.send(INITIALIZE);
        stdio.send(INITIALIZED);
        stdio.send(toolsList(2));
        stdio.send(toolsCall(3, "echo"));
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"no/such/method\"}");
        stdio.endInput();
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
        List<String> lines = stdio.closeStdoutAndCollectAll();

        assertThat(lines).hasSize(7);
        for (String line : lines) {
            JsonNode message = json.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error") || message.has("method")).as(line).isTrue();
        }
    }

    @Test
    void anErrorWhileReadingStdinIsLoggedAndEndsTheSession() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(StdioTransportProvider.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("stdin test");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                throw new OutOfMemoryError("stdin test");
            }
        };
        try {
            StdioTransportProvider provider = new StdioTransportProvider(
                    new JacksonMcpJsonMapper(new ObjectMapper()), failing, OutputStream.nullOutputStream(), 1024);
            McpServer.sync(provider).serverInfo("t", "1").build();

            provider.terminated().get(StdioHarness.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(events.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("stdin reader failed");
                assertThat(event.getThrowableProxy().getClassName()).isEqualTo(OutOfMemoryError.class.getName());
            });
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void malformedLineIsLoggedAtWarnWithoutItsContent() {
        Logger logger = (Logger) LoggerFactory.getLogger(StdioTransportProvider.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            StdioHarness stdio = start();

            stdio.send("{\"secret\":\"hunter2\"");
            stdio.next();

            assertThat(events.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("malformed");
            });
            assertThat(events.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("hunter2"));
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    @Timeout(60)
    void aClientThatStopsReadingStdoutFindsStdinFullInsteadOfTheServerBufferingItsAnswersWithoutBound()
            throws Exception {
        StdioHarness stdio = start();
        stdio.initialize();
        stdio.holdStdout();
        int pings = 20_000; // their answers are far more than the pipes and the outbound limit hold
        Thread client = new Thread(() -> {
            for (int i = 0; i < pings; i++) {
                stdio.send(ping(100 + i));
            }
        }, "test-client-writer");
        client.setDaemon(true);
        client.start();

        // Unbounded, the server reads every ping and queues every answer; bounded, its reader stops reading.
        await("the client has written every ping or the server has stopped reading",
                () -> !client.isAlive() || stdio.provider.readerWaitingForOutput());
        stdio.releaseStdout();

        for (int i = 0; i < pings; i++) {
            JsonNode answer = stdio.next();
            assertThat(answer.path("id").asInt()).isEqualTo(100 + i);
            assertThat(answer.has("result")).isTrue();
        }
        client.join(WAIT.toMillis());
        assertThat(stdio.provider.queuedOutputHighWater())
                .isLessThanOrEqualTo(StdioTransportProvider.MAX_QUEUED_OUTPUT + StdioTransportProvider.MAX_IN_FLIGHT);
        stdio.send(toolsList(5));
        assertToolsListAnswer(stdio.next(), 5);
    }

    @Test
    @Timeout(60)
    void endOfInputFailsAtOnceACallWaitingForTheClientsAnswer() {
        StdioHarness stdio = start();
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "ask"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.endInput();

        JsonNode answer = stdio.next(); // the server asks with a timeout of minutes
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
        assertThat(answer.path("result").path("content").get(0).path("text").asText())
                .contains("closed its input");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void aCallThatAsksTheClientAfterItsInputEndedFailsAtOnce() throws Exception {
        CountDownLatch inputEnded = new CountDownLatch(1);
        SyncToolSpecification asksLate = SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("asks-late", Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    try {
                        inputEnded.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return askingTool().callHandler().apply(exchange, request);
                })
                .build();
        stdio = new StdioHarness(MAX_LINE_BYTES, asksLate);
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "asks-late"));

        stdio.endInput();
        await("the reader has seen the end of input", () -> stdio.provider.isEnding());
        inputEnded.countDown();

        JsonNode answer = stdio.next();
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("content").get(0).path("text").asText())
                .contains("closed its input");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void whileTheSessionEndsTheClientsAnswerStillReachesTheCallWaitingForItAndNewRequestsAreRefused()
            throws Exception {
        StdioHarness stdio = start();
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "ask"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.provider.closeGracefully().subscribe(); // as SIGTERM does; stdin stays open
        await("the session is ending", stdio.provider::isEnding);
        stdio.send(ping(8));
        JsonNode refused = stdio.next();
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + new ObjectMapper().writeValueAsString(question.path("id"))
                + ",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hello\"},"
                + "\"model\":\"m\"}}");
        JsonNode answer = stdio.next();

        assertError(refused, StdioTransportProvider.SERVER_UNAVAILABLE, "Service unavailable: the server is shutting down");
        assertThat(refused.path("id").asInt()).isEqualTo(8);
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("content").get(0).path("text").asText()).isEqualTo("answered");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void theSessionEndsEvenWhenTheClientNeverReadsStdoutAgain() throws Exception {
        StdioHarness stdio = start();
        stdio.provider.stalledOutputTimeout(Duration.ofMillis(500));
        stdio.initialize();
        stdio.holdStdout();
        Thread client = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) { // far more answers than the pipe and the writer's buffer take
                    stdio.send(ping(100 + i));
                }
            } catch (UncheckedIOException endOfTest) {
                // stdin was closed under the blocked write: the test is over
            }
        }, "test-client-writer");
        client.setDaemon(true);
        client.start();
        await("the server's output is stuck", () -> !client.isAlive() || stdio.provider.readerWaitingForOutput());

        stdio.provider.closeGracefully().subscribe();

        assertThat(stdio.provider.terminated()).succeedsWithin(Duration.ofSeconds(30));
    }

    @Test
    void rejectsANonPositiveLineLimit() {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new StdioTransportProvider(mapper, in, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
