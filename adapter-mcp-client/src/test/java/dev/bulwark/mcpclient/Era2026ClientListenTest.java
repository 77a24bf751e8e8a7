package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 2026 client's {@code subscriptions/listen} stream that ends by itself is opened again, after the connection's
 * backoff, asking for the same list changes and resources; never once the client is closed.
 */
class Era2026ClientListenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** One listen stream the client opened: its request, and what ends it or notifies on it. */
    private record Stream(ObjectNode message, CompletableFuture<JsonNode> answer, Consumer<JsonNode> notified) {

        JsonNode notifications() {
            return message.path("params").path("notifications");
        }

        void acknowledge() {
            notified.accept(JSON.createObjectNode()
                    .put("jsonrpc", "2.0")
                    .put("method", "notifications/subscriptions/acknowledged"));
        }
    }

    /** An exchange that keeps each listen stream open until the test ends it. */
    private static final class FakeExchange implements Era2026Exchange {
        final List<Stream> streams = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<JsonNode> send(
                long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            if ("subscriptions/listen".equals(message.path("method").asText())) {
                streams.add(new Stream(message, answer, notified));
            }
            return answer;
        }

        @Override
        public void notify(ObjectNode message, Map<String, String> headers) {}

        @Override
        public void close() {
            streams.forEach(stream -> stream.answer().completeExceptionally(new IOException("closed")));
        }
    }

    private final FakeExchange exchange = new FakeExchange();
    private final Era2026Client client = new Era2026Client("up", exchange, JSON, WAIT);
    private final List<String> changed = new CopyOnWriteArrayList<>();
    /** The ticker of {@link #timed}, in nanoseconds, which a test moves. */
    private final AtomicLong now = new AtomicLong();

    private final FakeDelays delays = new FakeDelays();
    /** A client on the same exchange whose time a test moves and whose waits it runs by hand. */
    private final Era2026Client timed = new Era2026Client("up", exchange, JSON, WAIT, now::get, delays);

    @AfterEach
    void close() {
        client.closeGracefully().block();
        timed.closeGracefully().block();
    }

    @Test
    void aStreamThatEndsIsOpenedAgainForTheSameResourcesAndTheListsAreReadAgainOnceItIsAcknowledged() {
        client.listen(changed::add);
        client.follow(Set.of("notes://watched"), uri -> {});
        assertThat(exchange.streams).hasSize(2); // the first, then one naming the resource
        exchange.streams.get(1).acknowledge();

        exchange.streams.get(1).answer().completeExceptionally(new IOException("the upstream closed the stream"));

        await().atMost(WAIT).until(() -> exchange.streams.size() == 3);
        Stream again = exchange.streams.get(2);
        assertThat(again.notifications().path("toolsListChanged").asBoolean()).isTrue();
        assertThat(again.notifications().path("resourceSubscriptions").toString())
                .isEqualTo("[\"notes://watched\"]");
        assertThat(changed).isEmpty();
        again.acknowledge();
        await().atMost(WAIT).until(() -> changed.containsAll(List.of("tools", "prompts", "resources")));
    }

    @Test
    void aStreamThatEndsWithAnAnswerIsOpenedAgainToo() {
        client.listen(changed::add);

        exchange.streams.get(0).answer().complete(JSON.createObjectNode());

        await().atMost(WAIT).until(() -> exchange.streams.size() == 2);
    }

    @Test
    void aStreamTheUpstreamRefusesIsNotOpenedAgain() {
        client.listen(changed::add);

        exchange.streams
                .get(0)
                .answer()
                .complete(JSON.createObjectNode()
                        .put("jsonrpc", "2.0")
                        .set(
                                "error",
                                JSON.createObjectNode().put("code", -32601).put("message", "Method not found")));

        await().during(UpstreamConnection.FIRST_BACKOFF.multipliedBy(3))
                .atMost(WAIT)
                .until(() -> exchange.streams.size() == 1);
    }

    @Test
    void aStreamIsNotOpenedAgainOnceTheClientIsClosed() {
        client.listen(changed::add);
        exchange.streams.get(0).answer().completeExceptionally(new IOException("cut"));
        await().atMost(WAIT).until(() -> exchange.streams.size() == 2);

        client.closeGracefully().block();

        // the closed exchange ended the second stream; a third would come within the first backoff
        await().during(UpstreamConnection.FIRST_BACKOFF.multipliedBy(3))
                .atMost(WAIT)
                .until(() -> exchange.streams.size() == 2);
    }

    @Test
    void anUpstreamThatAcknowledgesAndClosesAtOnceIsAskedAgainAfterAGrowingWaitCappedAtTheLongest() {
        timed.listen(changed::add);
        for (int i = 0; i < 9; i++) {
            Stream stream = exchange.streams.get(i);
            stream.acknowledge();
            now.addAndGet(Duration.ofMillis(10).toNanos());
            stream.answer().complete(JSON.createObjectNode()); // closed right after its acknowledgement
            delays.pass();
        }

        assertThat(delays.waits)
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        assertThat(exchange.streams).hasSize(10);
    }

    @Test
    void aStreamThatStayedOpenAWhileStartsTheBackoffAgain() {
        timed.listen(changed::add);
        for (int i = 0; i < 3; i++) {
            exchange.streams.get(i).acknowledge();
            exchange.streams.get(i).answer().complete(JSON.createObjectNode());
            delays.pass();
        }
        Stream lasting = exchange.streams.get(3);
        lasting.acknowledge();
        now.addAndGet(Era2026Client.STEADY_STREAM.toNanos());

        lasting.answer().completeExceptionally(new IOException("the upstream restarted"));

        assertThat(delays.waits)
                .containsExactly(
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    @Test
    void streamsThatEndUnacknowledgedGrowTheWaitHoweverLongTheyWereOpen() {
        timed.listen(changed::add);
        for (int i = 0; i < 3; i++) {
            now.addAndGet(Era2026Client.STEADY_STREAM.multipliedBy(2).toNanos());
            exchange.streams.get(i).answer().completeExceptionally(new IOException("cut"));
            delays.pass();
        }

        assertThat(delays.waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void theWaitBeforeOpeningAgainIsTheConnectionsBackoff() {
        assertThat(UpstreamConnection.backoff(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(UpstreamConnection.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(UpstreamConnection.backoff(10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(UpstreamConnection.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
