package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** 2026-era (MCP 2026-07-28) requests over real stdio pipes, served by a fake of the core's entry point. */
class Era2026RequestsOverStdioTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @Test
    void aEra2026RequestIsServedWithoutInitializeAsTheConfiguredCaller() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{" + META + "}}");
            JsonNode answer = harness.next();
            assertThat(answer.path("id").asInt()).isEqualTo(5);
            assertThat(answer.path("result").path("served").asText()).isEqualTo("tools/list");
            assertThat(fake.requests).hasSize(1);
            Era2026Request request = fake.requests.get(0);
            assertThat(request.overHttp()).isFalse();
            assertThat(request.headers()).isEmpty();
            assertThat(request.origin().caller()).contains(Principal.of("operator"));
            assertThat(request.origin().requestThreads().orElse(null))
                    .as("the transport's request threads, told of a handler holding one past its deadline")
                    .isInstanceOf(RunsRequestsOnItsOwnThreads.class);
            assertThat(request.origin().servedOnCallingThread()).isTrue();
            assertThat(fake.servedOn.getName())
                    .as("a request thread, never the reader")
                    .startsWith("bulwark-stdio-request-");
            assertThat(new ObjectMapper()
                            .valueToTree(request.message())
                            .path("params")
                            .path("_meta")
                            .path("io.modelcontextprotocol/protocolVersion")
                            .asText())
                    .isEqualTo("2026-07-28");
        }
    }

    @Test
    void aSessionEraRequestStillNeedsTheLifecycle() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            harness.send(StdioHarness.toolsList(6));
            JsonNode refused = harness.next();
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(fake.requests).isEmpty();
            harness.initialize();
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
            JsonNode pong = harness.next();
            assertThat(pong.path("id").asInt()).isEqualTo(7);
            assertThat(pong.has("result")).isTrue();
            assertThat(fake.requests).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSubscriptionSendsItsAcknowledgementThenItsNotificationsUntilTheClientCancelsIt() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            listen(harness, 9);
            fake.push("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
            assertThat(harness.next().path("method").asText()).isEqualTo("notifications/tools/list_changed");
            harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}");
            eventually(() -> fake.streamClosed.get());
            harness.assertNothingMoreWithin(Duration.ofMillis(200));
        }
    }

    @Test
    void aSubscriptionCancelledAsSoonAsItsAcknowledgementIsReadEndsEvenBeforeItsStreamOpens() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.openGate = new CountDownLatch(1); // the stream opens only once the test says: after the cancellation
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            listen(harness, 9);

            harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}");

            eventually(() -> fake.streamClosed.get()); // it held its caller's place for as long as the session
            fake.openGate.countDown();
        }
    }

    @Test
    void aSubscriptionReusingTheIdOfAnOpenOneReplacesItAndTheOlderIsClosed() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            listen(harness, 9);
            assertThat(fake.streamClosed).isFalse();

            listen(harness, 9);
            eventually(() -> fake.streamClosed.get()); // the older one: nothing could name it any more
        }
    }

    @Test
    void anOpenSubscriptionGetsItsResultBeforeTheSessionsOutputEnds() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            listen(harness, 9);

            harness.closeGracefullyInBackground();

            JsonNode result = harness.next();
            assertThat(result.path("id").asInt()).isEqualTo(9);
            assertThat(result.path("result").path("resultType").asText()).isEqualTo("complete");
        }
    }

    @Test
    void aSubscriptionAcknowledgedWhileTheSessionEndsGetsItsResultRightAfterItsAcknowledgement() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.listenAnswered = new CompletableFuture<>();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"subscriptions/listen\",\"params\":{"
                    + "\"notifications\":{},\"" + META.substring(1) + "}}");
            eventually(() -> fake.requests.size() == 1);

            harness.closeGracefullyInBackground();
            eventually(harness.provider::isEnding);
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{" + "\"name\":\"echo\","
                    + META + "}}");
            assertThat(harness.next().path("error").path("message").asText()).contains("shutting down");
            fake.listenAnswered.complete(null); // its acknowledgement comes after the open subscriptions were ended

            assertThat(harness.next().path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            JsonNode result = harness.next();
            assertThat(result.path("id").asInt()).isEqualTo(9);
            assertThat(result.path("result").path("resultType").asText()).isEqualTo("complete");
        }
    }

    @Test
    void aRequestInFlightThatTheClientCancelsIsCancelledAndGetsNoAnswer() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\","
                    + META + "}}");
            eventually(() -> fake.pending != null);
            harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":11}}");
            eventually(() -> fake.pending.isCancelled());
            harness.assertNothingMoreWithin(Duration.ofMillis(200));
        }
    }

    @Test
    void aRequestWaitingForAnInFlightPermitWhenTheSessionEndsIsRefusedRatherThanLeftUnanswered() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (StdioHarness harness = new StdioHarness(1 << 20)) {
            harness.provider.serveEra2026With(fake, Principal.of("operator"));
            for (int id = 1; id <= InboundDispatcher.MAX_IN_FLIGHT; id++) {
                harness.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{"
                        + "\"name\":\"hang\"," + META + "}}");
            }
            eventually(() -> fake.requests.size() == InboundDispatcher.MAX_IN_FLIGHT);
            // every permit is taken: this request waits its turn
            harness.send("{\"jsonrpc\":\"2.0\",\"id\":1000,\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"hang\"," + META + "}}");
            eventually(() -> harness.provider.requestsWaiting() == 1);
            harness.closeGracefullyInBackground();
            eventually(harness.provider::isEnding);

            fake.pending.complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":256,\"result\":{}}"));

            JsonNode first = harness.next();
            JsonNode refusal = first.path("id").asInt() == 1000 ? first : harness.next();
            assertThat(refusal.path("id").asInt()).isEqualTo(1000);
            assertThat(refusal.path("error").path("code").asInt()).isEqualTo(-32000);
            assertThat(fake.requests).as("not run").hasSize(InboundDispatcher.MAX_IN_FLIGHT);
            fake.hanging.forEach(answer -> answer.complete(Era2026Answer.of(200, "{}"))); // the drain ends
        }
    }

    /** Sends the {@code subscriptions/listen} request {@code id} and takes its acknowledgement. */
    private static void listen(StdioHarness harness, int id) {
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\",\"params\":{"
                + "\"notifications\":{},\"" + META.substring(1) + "}}");
        assertThat(harness.next().path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
    }

    /** A fake entry point: claims requests whose {@code _meta} names a version, answers with the method served. */
    static final class FakeEra2026Requests implements Era2026Requests {

        final List<Era2026Request> requests = new CopyOnWriteArrayList<>();
        final AtomicBoolean streamClosed = new AtomicBoolean();
        private volatile Consumer<String> sink;
        /** The answer of a call of the tool {@code hang}, which never comes by itself. */
        volatile CompletableFuture<Era2026Answer> pending;
        /** The answers of every call of {@code hang}, in order. */
        final List<CompletableFuture<Era2026Answer>> hanging = new CopyOnWriteArrayList<>();
        /** The thread that served the last request. */
        volatile Thread servedOn;
        /** When set, a {@code subscriptions/listen} is acknowledged only once this completes. */
        volatile CompletableFuture<Void> listenAnswered;
        /** When set, a subscription's stream opens only once this counts down. */
        volatile CountDownLatch openGate;

        private final ObjectMapper json = new ObjectMapper();

        @Override
        public boolean claims(String method, Object params, String protocolVersionHeader) {
            return params instanceof Map<?, ?> map
                    && map.get("_meta") instanceof Map<?, ?> meta
                    && meta.containsKey("io.modelcontextprotocol/protocolVersion");
        }

        @Override
        public void serve(
                Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer) {
            servedOn = Thread.currentThread();
            CompletableFuture<Era2026Answer> own = answerTo(request);
            if (own == null) {
                pending = answer; // the call the test leaves unanswered
                hanging.add(answer);
            } else {
                own.whenComplete((answered, failure) -> {
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else {
                        answer.complete(answered);
                    }
                });
            }
        }

        /** The answer to {@code request}, or {@code null} for a call of {@code hang}, which never comes by itself. */
        private CompletableFuture<Era2026Answer> answerTo(Era2026Request request) {
            requests.add(request);
            JsonNode message = json.valueToTree(request.message());
            String method = message.path("method").asText();
            if ("subscriptions/listen".equals(method)) {
                CompletableFuture<Void> gate = listenAnswered;
                return (gate == null ? CompletableFuture.<Void>completedFuture(null) : gate)
                        .thenApply(ignored -> new Era2026Answer(
                                200,
                                "{\"jsonrpc\":\"2.0\","
                                        + "\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{}}",
                                Optional.of(new NotificationStream() {
                                    private volatile Runnable whenEnded;

                                    @Override
                                    public void open(Consumer<String> target, Runnable ended) {
                                        awaitOpenGate();
                                        sink = target;
                                        whenEnded = ended;
                                    }

                                    @Override
                                    public void close() {
                                        streamClosed.set(true);
                                    }

                                    @Override
                                    public void end() { // as the core's: the result last, then the stream ends
                                        sink.accept("{\"jsonrpc\":\"2.0\",\"id\":" + message.path("id")
                                                + ",\"result\":{\"resultType\":\"complete\"}}");
                                        streamClosed.set(true);
                                        whenEnded.run();
                                    }
                                })));
            }
            if ("hang".equals(message.path("params").path("name").asText())) {
                return null;
            }
            return CompletableFuture.supplyAsync(() -> Era2026Answer.of(
                    200,
                    "{\"jsonrpc\":\"2.0\",\"id\":" + message.path("id") + ",\"result\":{\"served\":\"" + method
                            + "\"}}"));
        }

        private void awaitOpenGate() {
            CountDownLatch gate = openGate;
            try {
                if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test did not open the stream within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void push(String notification) {
            eventually(() -> sink != null);
            sink.accept(notification);
        }
    }
}
