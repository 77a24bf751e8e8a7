package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpMode;
import io.micrometer.core.instrument.Counter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A client that cancels a tool call ({@code notifications/cancelled}) over stdio and over HTTP, stateful and
 * stateless, through the real transports: the handler is interrupted and sees {@code isCancelled()}, the tool's only
 * slot is free at once (a second call runs while the first handler, which ignores the interrupt, still waits), and
 * the audit line and the metrics say {@code cancelled}. Likewise a call whose handler ignores the interrupt it gets at
 * its deadline is answered at that deadline over HTTP, where the handler runs on the request thread itself.
 * Conditions are polled with generous deadlines; nothing is timed.
 */
class CancellationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /**
     * The stubborn tool's timeout: its handler must have started by then (it reads its input first, on a cold JVM),
     * so the call is answered at the deadline while the handler still holds its thread.
     */
    private static final Duration STUBBORN_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The stubborn tool's timeout in the 2026 era over HTTP: its answer must also go out before the transport's first
     * probe of the client (after a second) sends the headers, or the client cannot be told to close the connection.
     * Both bounds are the machine's speed: a window of half a second each way.
     */
    private static final Duration STUBBORN_2026_TIMEOUT = Duration.ofMillis(500);

    private static final String PROTOCOL = "2025-11-25";
    private static final String ERA_2026 = "2026-07-28";
    private static final String INITIALIZE =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" + "{\"protocolVersion\":\"" + PROTOCOL
                    + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /** The slow tool's input: {@code quick} answers at once, anything else waits for the test's release. */
    public record SlowInput(String mode) {}

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean sawCancelled = new AtomicBoolean();
    private final CompletableFuture<RuntimeException> elicitationEnded = new CompletableFuture<>();
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private Bulwark bulwark;

    @BeforeEach
    void start() {
        Tool<SlowInput, Map> slow = Tool.builder("slow", SlowInput.class, Map.class)
                .description("Waits until released, ignoring interrupts; or answers at once")
                .maxConcurrency(1)
                .timeout(Duration.ofMinutes(2))
                .handler((input, context) -> {
                    if ("quick".equals(input.mode())) {
                        return ToolResult.text("quick");
                    }
                    started.countDown();
                    while (true) {
                        try {
                            if (release.await(60, TimeUnit.SECONDS)) {
                                return ToolResult.text("released");
                            }
                        } catch (InterruptedException e) {
                            sawCancelled.set(context.isCancelled()); // before the flag the test waits for
                            interrupted.set(true);
                        }
                    }
                })
                .build();
        Tool<SlowInput, Map> ask = Tool.builder("ask", SlowInput.class, Map.class)
                .description("Asks the user, through the client, for a name")
                .handler((input, context) -> {
                    try {
                        context.elicit(
                                "Your name?",
                                Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))));
                        elicitationEnded.complete(null);
                    } catch (RuntimeException e) {
                        elicitationEnded.complete(e);
                        throw e;
                    }
                    return ToolResult.text("answered");
                })
                .build();
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(slow)
                .tool(ask)
                .tool(stubborn("stubborn", STUBBORN_TIMEOUT))
                .tool(stubborn("stubborn-briefly", STUBBORN_2026_TIMEOUT))
                .build();
        audit.start();
        ((Logger) LoggerFactory.getLogger("dev.bulwark.audit")).addAppender(audit);
    }

    /** A tool that waits until released, ignoring the interrupt its deadline brings. */
    private Tool<SlowInput, Map> stubborn(String name, Duration timeout) {
        return Tool.builder(name, SlowInput.class, Map.class)
                .description("Waits until released, ignoring the interrupt its deadline brings")
                .readOnly(true)
                .timeout(timeout)
                .handler((input, context) -> {
                    while (true) {
                        try {
                            if (release.await(60, TimeUnit.SECONDS)) {
                                return ToolResult.text("released");
                            }
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                        }
                    }
                })
                .build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        ((Logger) LoggerFactory.getLogger("dev.bulwark.audit")).detachAppender(audit);
        bulwark.close();
    }

    @Test
    void aCallCancelledOverStdioIsInterruptedFreesItsSlotAndIsAuditedAndCountedAsCancelled() throws Exception {
        Pipe toServerPipe = Pipe.open();
        OutputStream toServer = Channels.newOutputStream(toServerPipe.sink());
        InputStream serverIn = Channels.newInputStream(toServerPipe.source());
        Pipe fromServerPipe = Pipe.open();
        InputStream fromServer = Channels.newInputStream(fromServerPipe.source());
        OutputStream serverOut = Channels.newOutputStream(fromServerPipe.sink());
        try (BulwarkStdio stdio = BulwarkStdio.start(bulwark, serverIn, serverOut)) {
            BufferedReader answers = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
            send(toServer, INITIALIZE);
            assertThat(answerTo(answers, 1)).isNotNull();
            send(toServer, INITIALIZED);
            send(toServer, call(2, "wait"));
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler started")
                    .isTrue();

            send(toServer, cancel(2));
            send(toServer, call(3, "quick"));

            JsonNode second = answerTo(answers, 3);
            assertThat(second.at("/result/isError").asBoolean())
                    .as("the slot was free: %s", second)
                    .isFalse();
            assertCancelledAsSeenByHandlerAuditAndMetrics();
            toServer.close();
            stdio.stop();
        }
    }

    @Test
    void aCallCancelledWhileItWaitsForAnElicitationStopsWaitingAtOnce() throws Exception {
        Pipe toServerPipe = Pipe.open();
        OutputStream toServer = Channels.newOutputStream(toServerPipe.sink());
        InputStream serverIn = Channels.newInputStream(toServerPipe.source());
        Pipe fromServerPipe = Pipe.open();
        InputStream fromServer = Channels.newInputStream(fromServerPipe.source());
        OutputStream serverOut = Channels.newOutputStream(fromServerPipe.sink());
        try (BulwarkStdio stdio = BulwarkStdio.start(bulwark, serverIn, serverOut)) {
            BufferedReader answers = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
            send(toServer, INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"elicitation\":{}}"));
            assertThat(answerTo(answers, 1)).isNotNull();
            send(toServer, INITIALIZED);
            send(
                    toServer,
                    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
                            + "\"arguments\":{\"mode\":\"ask\"}}}");
            JsonNode request = CompletableFuture.supplyAsync(() -> {
                        try {
                            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                                JsonNode message = JSON.readTree(line);
                                if ("elicitation/create"
                                        .equals(message.path("method").asText())) {
                                    return message;
                                }
                            }
                            throw new IllegalStateException("no elicitation request came");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(request.path("id").isMissingNode())
                    .as("the server's request, left unanswered")
                    .isFalse();

            send(toServer, cancel(7));

            assertThat(elicitationEnded.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler stopped waiting for the client's answer")
                    .isInstanceOf(dev.bulwark.core.ToolCancelledException.class);
            poll(
                    "the audit line says cancelled",
                    () -> audit.list.stream()
                            .anyMatch(line ->
                                    "ask".equals(value(line, "tool")) && "cancelled".equals(value(line, "outcome"))));
            toServer.close();
            stdio.stop();
        }
    }

    @Test
    void aCallCancelledInAnHttpSessionIsInterruptedFreesItsSlotAndIsAuditedAndCountedAsCancelled() throws Exception {
        try (BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            RawHttp client = new RawHttp(http.port());
            String session = client.post(INITIALIZE, null)
                    .headers()
                    .firstValue("Mcp-Session-Id")
                    .orElseThrow();
            String other = client.post(INITIALIZE, null)
                    .headers()
                    .firstValue("Mcp-Session-Id")
                    .orElseThrow();
            client.post(INITIALIZED, session);
            client.post(INITIALIZED, other);
            CompletableFuture<HttpResponse<String>> first = client.postAsync(call(2, "wait"), session);
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler started")
                    .isTrue();

            assertThat(client.post(cancel(2), other).statusCode()).isEqualTo(202);
            assertThat(interrupted)
                    .as("another session cannot cancel this session's call 2")
                    .isFalse();
            assertThat(client.post(cancel(2), session).statusCode()).isEqualTo(202);
            JsonNode second = client.answer(client.post(call(3, "quick"), session));

            assertThat(second.at("/result/isError").asBoolean())
                    .as("the slot was free: %s", second)
                    .isFalse();
            assertCancelledAsSeenByHandlerAuditAndMetrics();
            HttpResponse<String> cancelled = first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(client.answer(cancelled).at("/result/isError").asBoolean())
                    .as("the cancelled call was answered at once, not when its handler ended")
                    .isTrue();
            assertThat(cancelled.headers().firstValue("connection"))
                    .as("its handler still holds the connection's"
                            + " request thread, so the client is told not to reuse it")
                    .hasValue("close");
        }
    }

    @Test
    void aCallCancelledOverStatelessHttpIsInterruptedFreesItsSlotAndIsAuditedAndCountedAsCancelled() throws Exception {
        try (BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(HttpMode.STATELESS)
                .start()) {
            RawHttp client = new RawHttp(http.port());
            CompletableFuture<HttpResponse<String>> first = client.postAsync(call(2, "wait"), null);
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler started")
                    .isTrue();

            assertThat(client.post(cancel(2), null).statusCode()).isEqualTo(202);
            JsonNode second = client.answer(client.post(call(3, "quick"), null));

            assertThat(second.at("/result/isError").asBoolean())
                    .as("the slot was free: %s", second)
                    .isFalse();
            assertCancelledAsSeenByHandlerAuditAndMetrics();
            HttpResponse<String> cancelled = first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(client.answer(cancelled).at("/result/isError").asBoolean())
                    .isTrue();
            assertThat(cancelled.headers().firstValue("connection")).hasValue("close");
        }
    }

    @Test
    void aCallWhoseHandlerIgnoresItsDeadlineIsAnsweredAtItOverStatefulHttp() throws Exception {
        try (BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            RawHttp client = new RawHttp(http.port());
            String session = client.post(INITIALIZE, null)
                    .headers()
                    .firstValue("Mcp-Session-Id")
                    .orElseThrow();
            client.post(INITIALIZED, session);

            assertAnsweredAtTheDeadline(client, session);
        }
    }

    @Test
    void aCallWhoseHandlerIgnoresItsDeadlineIsAnsweredAtItOverStatelessHttp() throws Exception {
        try (BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(HttpMode.STATELESS)
                .start()) {
            assertAnsweredAtTheDeadline(new RawHttp(http.port()), null);
        }
    }

    @Test
    void aCallOfTheStatelessEraWhoseClientLeavesIsInterruptedFreesItsSlotAndIsAuditedAndCountedAsCancelled()
            throws Exception {
        try (BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            byte[] body = era2026Call(2, "slow", "wait").getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", http.port())) {
                socket.getOutputStream()
                        .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + http.port() + "\r\n"
                                        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                                        + "MCP-Protocol-Version: " + ERA_2026
                                        + "\r\nMcp-Method: tools/call\r\nMcp-Name: slow\r\n"
                                        + "Content-Length: " + body.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
                assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                        .as("the handler started")
                        .isTrue();
            } // MCP 2026-07-28: a client that closes its connection cancels its request

            assertCancelledAsSeenByHandlerAuditAndMetrics();
            RawHttp client = new RawHttp(http.port());
            JsonNode second = client.answer(client.post2026(era2026Call(3, "slow", "quick"), "slow"));
            assertThat(second.at("/result/isError").asBoolean())
                    .as("the slot was free: %s", second)
                    .isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMode.class)
    void aCallOfTheStatelessEraCancelledWithANotificationIsInterruptedFreesItsSlotAndGetsNoAnswer(HttpMode mode)
            throws Exception {
        try (BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(mode)
                .start()) {
            RawHttp client = new RawHttp(http.port());
            CompletableFuture<HttpResponse<String>> first =
                    client.post2026Async(era2026Call(2, "slow", "wait"), "tools/call", "slow");
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler started")
                    .isTrue();

            HttpResponse<String> accepted = client.post2026Async(cancel2026(2), "notifications/cancelled", null)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertCancelledAsSeenByHandlerAuditAndMetrics();
            String cancelled = first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).body();
            assertThat(cancelled)
                    .as("the cancelled request gets no JSON-RPC answer")
                    .doesNotContain("\"id\":2");
            // on a connection of its own: one whose answer was an event stream stays open, and Jetty reads its next
            // request only once this handler, which ignores its interrupt, gives the request thread back
            RawHttp another = new RawHttp(http.port());
            JsonNode second = another.answer(another.post2026(era2026Call(3, "slow", "quick"), "slow"));
            assertThat(second.at("/result/isError").asBoolean())
                    .as("the slot was free: %s", second)
                    .isFalse();
        }
    }

    @Test
    void aCallOfTheStatelessEraWhoseHandlerIgnoresItsDeadlineIsAnsweredAtItOnItsRequestThread() throws Exception {
        try (BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            RawHttp client = new RawHttp(http.port());
            HttpResponse<String> response =
                    client.post2026(era2026Call(4, "stubborn-briefly", "wait"), "stubborn-briefly");

            JsonNode answer = client.answer(response);
            assertThat(answer.at("/result/isError").asBoolean())
                    .as("%s", answer)
                    .isTrue();
            assertThat(answer.at("/result/content/0/text").asText())
                    .contains("did not finish within " + STUBBORN_2026_TIMEOUT.toMillis() + " ms");
            assertThat(release.getCount())
                    .as("the handler still runs, ignoring its interrupt")
                    .isEqualTo(1);
            poll("the handler was interrupted at its deadline", interrupted::get);
            assertThat(response.headers().firstValue("connection"))
                    .as("the handler runs on the request thread,"
                            + " still busy, so the client is told not to reuse the connection")
                    .hasValue("close");
            poll(
                    "the audit line says timeout, in the new era",
                    () -> audit.list.stream()
                            .anyMatch(line -> "stubborn-briefly".equals(value(line, "tool"))
                                    && "timeout".equals(value(line, "error_type"))
                                    && ERA_2026.equals(value(line, "protocol_era"))));
            JsonNode next = client.answer(client.post2026(era2026Call(5, "slow", "quick"), "slow"));
            assertThat(next.at("/result/isError").asBoolean())
                    .as("the server serves on: %s", next)
                    .isFalse();
        }
    }

    private void assertAnsweredAtTheDeadline(RawHttp client, String session) throws Exception {
        HttpResponse<String> response = client.post(call(4, "stubborn", "wait"), session);

        JsonNode answer = client.answer(response);
        assertThat(answer.at("/result/isError").asBoolean()).as("%s", answer).isTrue();
        assertThat(answer.at("/result/content/0/text").asText())
                .contains("did not finish within " + STUBBORN_TIMEOUT.toMillis() + " ms");
        assertThat(answer.at("/result/_meta").path("dev.bulwark/error-type").asText())
                .isEqualTo("timeout");
        assertThat(release.getCount())
                .as("the handler still runs, ignoring its interrupt")
                .isEqualTo(1);
        poll("the handler was interrupted at its deadline", interrupted::get);
        assertThat(response.headers().firstValue("connection"))
                .as("its request thread is still busy, so the" + " client is told not to reuse the connection")
                .hasValue("close");
        poll(
                "the audit line says timeout",
                () -> audit.list.stream()
                        .anyMatch(line ->
                                "stubborn".equals(value(line, "tool")) && "timeout".equals(value(line, "error_type"))));
        JsonNode next = client.answer(client.post(call(5, "quick"), session));
        assertThat(next.at("/result/isError").asBoolean())
                .as("the server serves on: %s", next)
                .isFalse();
    }

    private void assertCancelledAsSeenByHandlerAuditAndMetrics() {
        poll("the handler is interrupted", interrupted::get);
        assertThat(sawCancelled)
                .as("isCancelled() said so when the interrupt came")
                .isTrue();
        poll(
                "the audit line says cancelled",
                () -> audit.list.stream()
                        .anyMatch(line ->
                                "slow".equals(value(line, "tool")) && "cancelled".equals(value(line, "outcome"))));
        poll("the metric counts it as cancelled", () -> {
            Counter cancelled = bulwark.meterRegistry()
                    .find("mcp.tool.calls")
                    .tags("tool", "slow", "outcome", "cancelled")
                    .counter();
            return cancelled != null && cancelled.count() == 1.0;
        });
        assertThat(release.getCount())
                .as("the handler still ignores its interrupt")
                .isEqualTo(1);
    }

    private static Object value(ILoggingEvent line, String key) {
        if (line.getKeyValuePairs() == null) {
            return null;
        }
        return line.getKeyValuePairs().stream()
                .filter(pair -> key.equals(pair.key))
                .map(pair -> pair.value)
                .findFirst()
                .orElse(null);
    }

    private static void poll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String call(int id, String mode) {
        return call(id, "slow", mode);
    }

    private static String call(int id, String tool, String mode) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"mode\":\"" + mode + "\"}}}";
    }

    private static String era2026Call(int id, String tool, String mode) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"mode\":\"" + mode
                + "\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + ERA_2026 + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    private static String cancel(int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
                + ",\"reason\":\"the user aborted\"}}";
    }

    private static String cancel2026(int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
                + ",\"reason\":\"the user aborted\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + ERA_2026 + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads the server's lines until the answer to {@code id}; the reader blocks, so a missing answer hangs. */
    private static JsonNode answerTo(BufferedReader answers, int id) throws Exception {
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                    JsonNode message = JSON.readTree(line);
                    if (message.path("id").asInt(-1) == id && !message.has("method")) {
                        return message;
                    }
                }
                throw new IllegalStateException("the server closed its output before answering " + id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Raw JSON-RPC over HTTP, to control the request ids the cancellations name. */
    private static final class RawHttp {
        private final HttpClient client = HttpClient.newHttpClient();
        private final URI mcp;

        RawHttp(int port) {
            this.mcp = URI.create("http://127.0.0.1:" + port + "/mcp");
        }

        private HttpRequest request(String body, String session) {
            HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                    .timeout(DEADLINE)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", PROTOCOL)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            return request.build();
        }

        HttpResponse<String> post(String body, String session) throws Exception {
            return client.send(request(body, session), HttpResponse.BodyHandlers.ofString());
        }

        /** A {@code tools/call} of {@code tool} in the 2026 era (MCP 2026-07-28), with its routing headers. */
        HttpResponse<String> post2026(String body, String tool) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(mcp)
                    .timeout(DEADLINE)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", ERA_2026)
                    .header("Mcp-Method", "tools/call")
                    .header("Mcp-Name", tool)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** A request or notification of the 2026 era, with its routing headers ({@code name} may be null). */
        CompletableFuture<HttpResponse<String>> post2026Async(String body, String method, String name) {
            HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                    .timeout(DEADLINE)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", ERA_2026)
                    .header("Mcp-Method", method)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (name != null) {
                request.header("Mcp-Name", name);
            }
            return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        CompletableFuture<HttpResponse<String>> postAsync(String body, String session) {
            return client.sendAsync(request(body, session), HttpResponse.BodyHandlers.ofString());
        }

        /**
         * The JSON-RPC answer in a response, sent as JSON or as a server-sent event; an event without data (a
         * stream's priming event) is skipped, as SSE clients do.
         */
        JsonNode answer(HttpResponse<String> response) throws IOException {
            String body = Objects.requireNonNull(response.body());
            for (String line : body.split("\n")) {
                if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                    return JSON.readTree(line.substring(5).trim());
                }
            }
            return JSON.readTree(body);
        }
    }
}
