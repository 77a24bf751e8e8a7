package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JettyStreamableTransportProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The version the client negotiated, sent on every request after initialize, as clients do. */
    private static final String VERSION = "2025-11-25";

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final CountDownLatch progressSent = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch answered = new CountDownLatch(1);
    private final CountDownLatch giveUp = new CountDownLatch(1);
    private final List<List<Object>> cancellations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final JettyStreamableTransportProvider transport = JettyStreamableTransportProvider.builder(
                    new InboundMessageMapper(new ArgumentsCheckingMapper()), request -> McpTransportContext.EMPTY)
            .retry(Duration.ofMillis(1500))
            .build();
    private HandlerServer http;
    private McpSyncServer mcp;
    private String sessionId;

    @BeforeEach
    void start() {
        mcp = McpServer.sync(transport)
                .serverInfo("t", "1")
                .requestTimeout(Duration.ofMinutes(5)) // far beyond any wait of a test: only an answer ends a wait
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false)
                        .resources(true, false)
                        .build())
                .tools(
                        tool("echo", exchange -> "echo"),
                        tool("ask", exchange -> {
                            try {
                                return exchange.createElicitation(McpSchema.ElicitRequest.builder()
                                                .message("Your name?")
                                                .requestedSchema(Map.of("type", "object"))
                                                .build())
                                        .action()
                                        .toString();
                            } catch (RuntimeException e) {
                                return "not answered";
                            }
                        }),
                        tool("ask-then-wait", exchange -> {
                            exchange.createElicitation(McpSchema.ElicitRequest.builder()
                                    .message("Your name?")
                                    .requestedSchema(Map.of("type", "object"))
                                    .build());
                            answered.countDown();
                            return await(release) ? "done" : "timed out";
                        }),
                        tool("ask-until-timeout", exchange -> {
                            // As a tool call's timeout does: the handler is interrupted, and the call is answered
                            Thread handler = Thread.currentThread();
                            java.util.concurrent.CompletableFuture.runAsync(() -> {
                                await(giveUp);
                                handler.interrupt();
                            });
                            try {
                                exchange.createElicitation(McpSchema.ElicitRequest.builder()
                                        .message("Your name?")
                                        .requestedSchema(Map.of("type", "object"))
                                        .build());
                                return "answered";
                            } catch (RuntimeException e) {
                                Thread.interrupted();
                                return "timed out";
                            }
                        }),
                        tool("progress", exchange -> {
                            exchange.progressNotification(new McpSchema.ProgressNotification("p", 0.5, 1.0, "half"));
                            progressSent.countDown();
                            return await(release) ? "done" : "timed out";
                        }))
                .build();
        transport.reportCancellationsTo((session, requestId) -> cancellations.add(List.of(session, requestId)));
        http = new HandlerServer(transport);
        HttpResponse<String> initialized = http.send(http.post(INITIALIZE).build());
        assertThat(initialized.statusCode()).isEqualTo(200);
        sessionId = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                        .statusCode())
                .isEqualTo(202);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        mcp.close();
        http.close();
    }

    @Test
    void aRequestIsAnsweredOnAStreamThatStartsWithAPrimingEventAndGivesEachEventItsOwnId() throws Exception {
        HttpResponse<String> response = http.send(inSession(call(5, "echo")));
        List<SseEvent> events = SseEvent.parse(response.body());

        assertThat(events).hasSize(2);
        SseEvent priming = events.get(0);
        assertThat(priming.data()).isEmpty();
        assertThat(priming.retry()).isEqualTo("1500");
        SseEvent answer = events.get(1);
        assertThat(answer.id()).isNotEqualTo(priming.id()).doesNotContain(sessionId);
        assertThat(JSON.readTree(answer.data()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":"
                        + "{\"content\":[{\"type\":\"text\",\"text\":\"echo\"}],\"isError\":false}}"));
        // the priming event and the answer went out with the end of the response, in one write of known length
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().length());
    }

    @Test
    void aClientOfAnEarlierVersionGetsNoPrimingEventWhoseEmptyDataItWouldReadAsAMessage() throws Exception {
        for (String earlier : new String[] {"2025-06-18", null}) {
            HttpRequest.Builder request = http.post(call(7, "echo")).header("Mcp-Session-Id", sessionId);
            if (earlier != null) {
                request.header("MCP-Protocol-Version", earlier);
            }
            HttpResponse<String> response = http.send(request.build());

            assertThat(response.body())
                    .as("version %s", earlier)
                    .startsWith(":\n\n")
                    .doesNotContain("retry:");
            assertThat(SseEvent.parse(response.body()))
                    .singleElement()
                    .satisfies(answer -> assertThat(
                                    JSON.readTree(answer.data()).path("id").asInt())
                            .isEqualTo(7));
        }
    }

    @Test
    void everyEventOfASessionHasADistinctIdThatNeverNamesTheSession() {
        List<String> ids = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            SseEvent.parse(http.send(inSession(call(10 + call, "echo"))).body()).forEach(event -> ids.add(event.id()));
        }

        assertThat(ids).hasSize(6).doesNotHaveDuplicates().noneMatch(id -> id.contains(sessionId));
    }

    @Test
    void aStreamIsResumedAfterTheLastEventTheClientGotWhileItsCallStillRuns() throws Exception {
        Iterator<String> lines = callStream(7, "progress");
        SseEvent progress = SseEvent.next(lines);
        assertThat(JSON.readTree(progress.data()).path("method").asText()).isEqualTo("notifications/progress");

        HttpResponse<Stream<String>> resumed =
                http.client.send(resume(progress.id()), HttpResponse.BodyHandlers.ofLines());
        assertThat(resumed.statusCode()).isEqualTo(200);
        release.countDown();

        List<SseEvent> rest = SseEvent.all(resumed.body().iterator());
        assertThat(rest).hasSize(1);
        assertThat(JSON.readTree(rest.get(0).data())
                        .at("/result/content/0/text")
                        .asText())
                .isEqualTo("done");
        assertThat(rest.get(0).id()).isNotEqualTo(progress.id());
    }

    @Test
    void aClientThatLosesItsConnectionMidCallKeepsItsSessionAndGetsTheAnswerOnResuming() throws Exception {
        HttpResponse<InputStream> call =
                http.client.send(inSession(call(6, "progress")), HttpResponse.BodyHandlers.ofInputStream());
        SseEvent progress;
        try (InputStream body = call.body()) {
            Iterator<String> lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))
                    .lines()
                    .iterator();
            SseEvent.next(lines); // priming
            progress = SseEvent.next(lines);
        } // the connection is gone before the answer
        release.countDown();

        List<SseEvent> rest = SseEvent.parse(http.send(resume(progress.id())).body());

        assertThat(rest).hasSize(1);
        assertThat(JSON.readTree(rest.get(0).data())
                        .at("/result/content/0/text")
                        .asText())
                .isEqualTo("done");
        assertThat(transport.sessionCount()).isEqualTo(1);
        assertThat(http.send(inSession(call(11, "echo"))).statusCode()).isEqualTo(200);
    }

    @Test
    void aFinishedStreamReplaysWhatFollowedTheLastEventTheClientGot() throws Exception {
        List<SseEvent> events =
                SseEvent.parse(http.send(inSession(call(8, "echo"))).body());

        HttpResponse<String> replay = http.send(resume(events.get(0).id()));

        assertThat(replay.statusCode()).isEqualTo(200);
        List<SseEvent> replayed = SseEvent.parse(replay.body());
        assertThat(replayed).containsExactly(events.get(1));
    }

    @Test
    void aLastEventIdThatIsNotOneOfOursIsRefused() throws Exception {
        HttpResponse<String> foreign = http.send(resume("not-an-id"));
        HttpResponse<String> unknown = http.send(resume("999-0"));

        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).contains("cannot be resumed");
    }

    @Test
    void theGetStreamIsPrimedAtOnceAndCarriesWhatTheServerSendsOnItsOwn() throws Exception {
        HttpResponse<Stream<String>> get =
                http.client.send(http.getStream(sessionId, VERSION), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = get.body().iterator();

        SseEvent priming = SseEvent.next(lines);
        assertThat(priming.data()).isEmpty();
        assertThat(priming.retry()).isEqualTo("1500");

        mcp.notifyToolsListChanged();
        SseEvent changed = SseEvent.next(lines);
        assertThat(JSON.readTree(changed.data()).path("method").asText()).isEqualTo("notifications/tools/list_changed");
        assertThat(changed.id()).isNotEqualTo(priming.id()).doesNotContain(sessionId);
    }

    @Test
    void aResourceUpdateReachesTheSessionThatSubscribedOnItsGetStream() throws Exception {
        HttpResponse<Stream<String>> get =
                http.client.send(http.getStream(sessionId, VERSION), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = get.body().iterator();
        SseEvent.next(lines); // priming
        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/subscribe\","
                                + "\"params\":{\"uri\":\"test://watched\"}}"))
                        .statusCode())
                .isEqualTo(200);

        mcp.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification("test://watched"));

        JsonNode updated = JSON.readTree(SseEvent.next(lines).data());
        assertThat(updated.path("method").asText()).isEqualTo("notifications/resources/updated");
        assertThat(updated.at("/params/uri").asText()).isEqualTo("test://watched");
    }

    @Test
    void aDeletedSessionIsGoneAndGivesBackWhatItKeptForResumption() {
        http.send(inSession(call(12, "echo")));
        assertThat(transport.eventBytesKept()).as("the answer is kept").isPositive();

        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(http.uri())
                .header("Mcp-Session-Id", sessionId)
                .DELETE()
                .build());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(transport.sessionCount()).isZero();
        assertThat(transport.eventBytesKept()).isZero();
        assertThat(http.send(inSession(call(9, "echo"))).statusCode()).isEqualTo(404);
    }

    @Test
    void aCancelledCallsUnansweredElicitationIsCancelledOnItsStreamAndTheCancellationIsReported() throws Exception {
        Iterator<String> lines = callStream(9, "ask");
        JsonNode elicitation = JSON.readTree(SseEvent.next(lines).data());
        assertThat(elicitation.path("method").asText()).isEqualTo("elicitation/create");

        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                + "\"params\":{\"requestId\":9,\"reason\":\"the user left\"}}"))
                        .statusCode())
                .isEqualTo(202);

        JsonNode next = nextEvent(lines);
        assertThat(next.path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(next.at("/params/requestId")).isEqualTo(elicitation.path("id"));
        assertThat(cancellations).containsExactly(List.of(sessionId, 9));
    }

    @Test
    void aCancelledCallsElicitationStopsBeingWaitedForAtOnceAndTheSessionForgetsIt() throws Exception {
        Iterator<String> lines = callStream(9, "ask"); // a handler its cancellation does not interrupt
        JsonNode elicitation = JSON.readTree(SseEvent.next(lines).data());
        assertThat(sessionPendingRequests()).hasSize(1);

        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                + "\"params\":{\"requestId\":9}}"))
                        .statusCode())
                .isEqualTo(202);

        assertThat(nextEvent(lines).at("/params/requestId")).isEqualTo(elicitation.path("id"));
        JsonNode answer = nextEvent(lines); // the request timeout is minutes: this comes only if the wait ended now
        assertThat(answer.path("id").asInt()).isEqualTo(9);
        assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("not answered");
        assertThat(sessionPendingRequests())
                .as("the session forgot the request")
                .isEmpty();
    }

    @Test
    void anElicitationWhoseCallTimedOutIsForgottenByTheSession() throws Exception {
        Iterator<String> lines = callStream(11, "ask-until-timeout");
        SseEvent.next(lines);
        assertThat(sessionPendingRequests()).hasSize(1);

        giveUp.countDown();

        java.util.concurrent.CompletableFuture.supplyAsync(() -> SseEvent.all(lines))
                .get(30, TimeUnit.SECONDS);
        assertThat(sessionPendingRequests())
                .as("the session forgot the request")
                .isEmpty();
    }

    /**
     * The SDK session's own requests still waiting for the client's answer, read by reflection: the SDK offers no
     * way to see them.
     */
    private Map<?, ?> sessionPendingRequests() throws ReflectiveOperationException {
        java.lang.reflect.Field sessions = JettyStreamableTransportProvider.class.getDeclaredField("sessions");
        sessions.setAccessible(true);
        StreamableSession session = (StreamableSession) ((Map<?, ?>) sessions.get(transport)).get(sessionId);
        java.lang.reflect.Field pending =
                io.modelcontextprotocol.spec.McpStreamableServerSession.class.getDeclaredField("pendingRequests");
        pending.setAccessible(true);
        return (Map<?, ?>) pending.get(session.sdk());
    }

    @Test
    void anElicitationTheClientAnsweredIsNotCancelledWithItsCall() throws Exception {
        Iterator<String> lines = callStream(10, "ask-then-wait");
        JsonNode elicitation = JSON.readTree(SseEvent.next(lines).data());
        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"id\":" + elicitation.path("id")
                                + ",\"result\":{\"action\":\"decline\"}}"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(answered.await(30, TimeUnit.SECONDS))
                .as("the tool got the answer")
                .isTrue();

        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                + "\"params\":{\"requestId\":10}}"))
                        .statusCode())
                .isEqualTo(202);
        release.countDown();

        JsonNode next = nextEvent(lines);
        assertThat(next.path("method").isMissingNode())
                .as("no cancellation of an answered request: %s", next)
                .isTrue();
        assertThat(next.path("id").asInt()).isEqualTo(10);
        assertThat(cancellations).containsExactly(List.of(sessionId, 10));
    }

    @Test
    void anElicitationStillUnansweredWhenItsCallTimesOutIsCancelledOnceBeforeTheAnswer() throws Exception {
        Iterator<String> lines = callStream(11, "ask-until-timeout");
        JsonNode elicitation = JSON.readTree(SseEvent.next(lines).data());
        assertThat(elicitation.path("method").asText()).isEqualTo("elicitation/create");

        giveUp.countDown();

        List<JsonNode> rest = new ArrayList<>();
        for (SseEvent event : java.util.concurrent.CompletableFuture.supplyAsync(() -> SseEvent.all(lines))
                .get(30, TimeUnit.SECONDS)) {
            rest.add(JSON.readTree(event.data()));
        }
        assertThat(rest).as("a cancellation, then the answer: %s", rest).hasSize(2);
        assertThat(rest.get(0).path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(rest.get(0).at("/params/requestId")).isEqualTo(elicitation.path("id"));
        assertThat(rest.get(0).at("/params/reason").asText()).contains("ended");
        assertThat(rest.get(1).path("id").asInt()).isEqualTo(11);
        assertThat(rest.get(1).at("/result/content/0/text").asText()).isEqualTo("timed out");
        assertThat(cancellations).as("the client cancelled nothing").isEmpty();
    }

    @Test
    void aMessageWithoutSessionIdIsRefusedAndAnUnknownSessionIsNotFound() {
        assertThat(http.send(http.post(call(3, "echo")).build()).statusCode()).isEqualTo(400);
        assertThat(http.send(http.post(call(3, "echo"))
                                .header("Mcp-Session-Id", "nope")
                                .build())
                        .statusCode())
                .isEqualTo(404);
    }

    private HttpRequest inSession(String body) {
        return http.post(body)
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", VERSION)
                .build();
    }

    private HttpRequest resume(String lastEventId) {
        return HttpRequest.newBuilder(http.uri())
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", VERSION)
                .header("Last-Event-ID", lastEventId)
                .GET()
                .build();
    }

    private static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static McpServerFeatures.SyncToolSpecification tool(
            String name,
            java.util.function.Function<io.modelcontextprotocol.server.McpSyncServerExchange, String> answer) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object"))
                        .description(name)
                        .build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .content(List.of(McpSchema.TextContent.builder(answer.apply(exchange))
                                .build()))
                        .isError(false)
                        .build())
                .build();
    }

    /** One server-sent event as a client reads it. */
    record SseEvent(String id, String event, String data, String retry) {

        static List<SseEvent> parse(String body) {
            return all(body.lines().iterator());
        }

        static List<SseEvent> all(Iterator<String> lines) {
            List<SseEvent> events = new ArrayList<>();
            SseEvent event;
            while ((event = next(lines)) != null) {
                events.add(event);
            }
            return events;
        }

        /** The next event, or {@code null} at the end of the stream. */
        static SseEvent next(Iterator<String> lines) {
            String id = null;
            String event = null;
            String data = null;
            String retry = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (id != null || data != null) {
                        return new SseEvent(id, event, data, retry);
                    }
                    continue;
                }
                String value = line.substring(line.indexOf(':') + 1);
                value = value.startsWith(" ") ? value.substring(1) : value;
                switch (line.substring(0, Math.max(0, line.indexOf(':')))) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? value : data + "\n" + value;
                    case "retry" -> retry = value;
                    default -> {}
                }
            }
            return id != null || data != null ? new SseEvent(id, event, data, retry) : null;
        }
    }

    /** Calls {@code tool} as request {@code id} in the session; its answer stream, past its priming event. */
    private Iterator<String> callStream(int id, String tool) throws Exception {
        Iterator<String> lines = http.client
                .send(inSession(call(id, tool)), HttpResponse.BodyHandlers.ofLines())
                .body()
                .iterator();
        SseEvent.next(lines);
        return lines;
    }

    /** The next event's data on {@code lines}, waiting 20 s at most. */
    private static JsonNode nextEvent(Iterator<String> lines) throws Exception {
        return JSON.readTree(java.util.concurrent.CompletableFuture.supplyAsync(() -> SseEvent.next(lines))
                .get(30, TimeUnit.SECONDS)
                .data());
    }
}
