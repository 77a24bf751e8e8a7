package dev.bulwark.http.transport;

import static dev.bulwark.http.transport.AsyncAnswerFixtures.call;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.recordingTraces;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.text;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.tool;
import static dev.bulwark.http.transport.ReturnWatch.await;
import static dev.bulwark.http.transport.ReturnWatch.onAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The stateless transport answers a request whose answer another thread completes later (an async tool spec, as a
 * tool call with a deadline is): the request thread subscribes and goes back to Jetty, and the completing thread
 * writes the answer, ends its trace, or answers 500 when it failed.
 */
class JettyStatelessTransportAsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final JettyStatelessTransport transport = new JettyStatelessTransport(
            InboundMessageMapper.withoutResponses(new ArgumentsCheckingMapper()),
            request -> McpTransportContext.EMPTY,
            64 * 1024);
    private final ReturnWatch watch = new ReturnWatch(transport);
    private final CountDownLatch toolCalled = new CountDownLatch(1);
    private final CompletableFuture<McpSchema.CallToolResult> later = new CompletableFuture<>();
    private final CountDownLatch clientGotAnswer = new CountDownLatch(1);
    private final BlockingQueue<String> traceEnds = new LinkedBlockingQueue<>();
    private HandlerServer http;
    private McpStatelessAsyncServer mcp;

    @AfterEach
    void stop() throws Exception {
        later.complete(text("released")); // no request thread or client is left waiting
        clientGotAnswer.countDown();
        if (mcp != null) {
            mcp.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /** A raw SDK server with async tools: {@code later} answers when the test completes it, {@code stuck} as above. */
    private void serveSdk() {
        mcp = McpServer.async(transport)
                .serverInfo("t", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(
                        new McpStatelessServerFeatures.AsyncToolSpecification(tool("later"), (context, request) -> {
                            toolCalled.countDown();
                            return Mono.fromFuture(later);
                        }),
                        new McpStatelessServerFeatures.AsyncToolSpecification(
                                tool("stuck"),
                                (context, request) -> ReturnWatch.answeredWhileStuck(text("on time"), clientGotAnswer)))
                .build();
        serve();
    }

    private void serve() {
        transport.traceRequestsWith(recordingTraces(traceEnds));
        http = new HandlerServer(watch);
    }

    @Test
    void anAnswerAnotherThreadCompletesLaterIsWrittenWholeWithItsLength() throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(7, "later"), false);
        assertThat(await(toolCalled)).isTrue();

        onAnotherThread(() -> later.complete(text("later")));

        HttpResponse<String> answer =
                assertThat(response).succeedsWithin(PATIENCE).actual();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValueAsLong("Content-Length"))
                .hasValue(answer.body().length());
        assertThat(JSON.readTree(answer.body()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,"
                        + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"later\"}],\"isError\":false}}"));
        assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call answered null");
    }

    @Test
    void theRequestThreadGoesBackToJettyWhileTheAnswerIsPending() throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(8, "later"), true);
        assertThat(await(toolCalled)).isTrue();

        boolean returnedBeforeTheAnswer = watch.returned();
        onAnotherThread(() -> later.complete(text("later")));

        assertThat(returnedBeforeTheAnswer)
                .as("handle() returned while the answer was pending")
                .isTrue();
        assertThat(JSON.readTree(assertThat(response)
                                .succeedsWithin(PATIENCE)
                                .actual()
                                .body())
                        .at("/result/content/0/text")
                        .asText())
                .isEqualTo("later");
    }

    @Test
    void anAnswerCompletedWhileTheRequestThreadIsStillInsideTheSubscriptionIsDelivered() throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(9, "stuck"), false);
        try {
            HttpResponse<String> answer =
                    assertThat(response).succeedsWithin(PATIENCE).actual();

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/result/content/0/text").asText())
                    .isEqualTo("on time");
            assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call answered null");
        } finally {
            clientGotAnswer.countDown(); // only now does the request thread leave the subscription
        }
    }

    @Test
    void aFailureCompletedLaterIsA500ThatSaysNothingAboutIt() throws Exception {
        CompletableFuture<McpSchema.JSONRPCResponse> failing = new CompletableFuture<>();
        transport.setMcpHandler(new LaterHandler(failing));
        serve();
        CompletableFuture<HttpResponse<String>> response = send(call(10, "any"), true);
        assertThat(watch.returned()).isTrue();

        onAnotherThread(() ->
                failing.completeExceptionally(new IllegalStateException("connection to db.internal.example refused")));

        HttpResponse<String> answer =
                assertThat(response).succeedsWithin(PATIENCE).actual();
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(answer.body()).at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(answer.body()).doesNotContain("db.internal");
        assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call failed IllegalStateException");
    }

    @Test
    void anAnswerThatCompletesEmptyLaterIsWrittenAsBlockingWroteIt() throws Exception {
        CompletableFuture<McpSchema.JSONRPCResponse> empty = new CompletableFuture<>();
        transport.setMcpHandler(new LaterHandler(empty));
        serve();
        CompletableFuture<HttpResponse<String>> response = send(call(11, "any"), true);
        assertThat(watch.returned()).isTrue();

        onAnotherThread(() -> empty.complete(null));

        HttpResponse<String> answer =
                assertThat(response).succeedsWithin(PATIENCE).actual();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).as("block() gave null, written as JSON").isEqualTo("null");
        assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call answered null");
    }

    @Test
    void anAnswerGivenDuringTheSubscriptionIsWrittenByTheRequestThreadAsBefore() throws Exception {
        AtomicReference<Thread> handling = new AtomicReference<>();
        transport.setMcpHandler(new LaterHandler(null) {
            @Override
            public Mono<McpSchema.JSONRPCResponse> handleRequest(
                    McpTransportContext context, McpSchema.JSONRPCRequest request) {
                handling.set(Thread.currentThread());
                return Mono.just(new McpSchema.JSONRPCResponse("2.0", request.id(), Map.of(), null));
            }
        });
        AtomicReference<Thread> ending = new AtomicReference<>();
        transport.traceRequestsWith(
                (method, id, meta, sessionId, headers) -> errorCode -> ending.set(Thread.currentThread()));
        http = new HandlerServer(watch);

        HttpResponse<String> answer = http.send(http.post(call(12, "any")).build());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(ending.get())
                .as("the trace ended on the thread that handled the request")
                .isNotNull()
                .isSameAs(handling.get());
    }

    private CompletableFuture<HttpResponse<String>> send(String body, boolean watched) {
        var request = http.post(body);
        if (watched) {
            request.header(ReturnWatch.WATCHED, "yes");
        }
        return http.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers every request with {@code answer}, whenever it completes; takes notifications. */
    private static class LaterHandler implements McpStatelessServerHandler {
        private final CompletableFuture<McpSchema.JSONRPCResponse> answer;

        LaterHandler(CompletableFuture<McpSchema.JSONRPCResponse> answer) {
            this.answer = answer;
        }

        @Override
        public Mono<McpSchema.JSONRPCResponse> handleRequest(
                McpTransportContext context, McpSchema.JSONRPCRequest request) {
            return Mono.fromFuture(answer);
        }

        @Override
        public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
            return Mono.empty();
        }
    }
}
