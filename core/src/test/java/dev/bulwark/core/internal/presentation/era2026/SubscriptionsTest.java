package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The subscriptions' cap per caller: a place taken with the check when one is acknowledged, held until it closes. */
class SubscriptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Subscriptions subscriptions = new Subscriptions(JSON, 2, true);

    private Era2026Answer listen(int id, String caller) {
        ObjectNode params = JSON.createObjectNode();
        params.putObject("notifications");
        return subscriptions.listen(IntNode.valueOf(id), params, caller);
    }

    private NotificationStream opened(int id, String caller) {
        NotificationStream stream = listen(id, caller).stream().orElseThrow();
        stream.open(message -> {}, () -> {});
        return stream;
    }

    @Test
    void aCallerHoldingTheMostOpenSubscriptionsIsRefusedNamingTheLimitWithItsId() throws Exception {
        opened(1, "alice");
        opened(2, "alice");

        Era2026Answer refused = listen(3, "alice");

        assertThat(refused.stream()).isEmpty();
        assertThat(refused.httpStatus()).isEqualTo(429);
        JsonNode answer = JSON.readTree(refused.json());
        assertThat(answer.get("id").asInt()).isEqualTo(3);
        assertThat(answer.at("/error/code").asInt()).isEqualTo(Subscriptions.TOO_MANY);
        assertThat(answer.at("/error/message").asText())
                .isEqualTo("Too many open subscriptions: a caller holds at most 2; end one before opening another");
    }

    @Test
    void anotherCallerIsNotHeldToTheFirstOnesCount() {
        opened(1, "alice");
        opened(2, "alice");

        assertThat(listen(3, "bob").stream()).isPresent();
    }

    @Test
    void endingASubscriptionFreesItsPlaceOnceHoweverOftenItIsClosed() {
        NotificationStream first = opened(1, "alice");
        opened(2, "alice");

        first.close();
        first.close();

        assertThat(subscriptions.openCount("alice")).isEqualTo(1);
        assertThat(listen(3, "alice").stream()).isPresent();
    }

    @Test
    void anAcknowledgedSubscriptionHoldsItsPlaceBeforeItsStreamOpens() {
        listen(1, "alice");
        listen(2, "alice");

        assertThat(subscriptions.openCount("alice")).isEqualTo(2);
        assertThat(listen(3, "alice").httpStatus()).isEqualTo(429);
    }

    @Test
    void aSubscriptionItsTransportClosesWithoutOpeningGivesItsPlaceBackOnce() {
        NotificationStream unsent = listen(1, "alice").stream().orElseThrow();
        listen(2, "alice");

        unsent.close(); // the acknowledgement could not be sent
        unsent.close();
        unsent.open(message -> {}, () -> {}); // a late open of a closed stream takes nothing

        assertThat(subscriptions.openCount("alice")).isEqualTo(1);
        assertThat(subscriptions.openCount()).isZero();
        assertThat(listen(3, "alice").stream()).isPresent();
    }

    @Test
    void theCapHoldsWhenManySubscriptionsAreAskedForAtTheSameMoment() throws Exception {
        Subscriptions hundred = new Subscriptions(JSON, 100, true);
        int askers = 8;
        int eachAsks = 40;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(askers);
        java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(askers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < askers; t++) {
                int first = t * eachAsks;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < eachAsks; i++) {
                        ObjectNode params = JSON.createObjectNode();
                        params.putObject("notifications");
                        Era2026Answer answer = hundred.listen(IntNode.valueOf(first + i), params, "alice");
                        answer.stream().ifPresent(stream -> {
                            acknowledged.incrementAndGet();
                            stream.open(message -> {}, () -> {});
                        });
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> each : done) {
                each.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(acknowledged).hasValue(100);
        assertThat(hundred.openCount("alice")).isEqualTo(100);
    }

    @Test
    void shutdownEndsEveryOpenSubscriptionAndFreesItsPlace() {
        opened(1, "alice");
        opened(2, "alice");

        subscriptions.closeAll();

        assertThat(subscriptions.openCount()).isZero();
        assertThat(subscriptions.openCount("alice")).isZero();
    }

    @Test
    void aSubscriptionEndedByItsTransportGetsItsResultOnceAndFreesItsPlace() {
        List<String> sent = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        NotificationStream stream = listen(1, "alice").stream().orElseThrow();
        stream.open(sent::add, ended::incrementAndGet);

        stream.end(); // the transport's session ends
        subscriptions.closeAll(); // then the server stops

        assertThat(sent)
                .singleElement()
                .satisfies(result -> assertThat(result).contains("\"resultType\":\"complete\""));
        assertThat(ended).hasValue(1);
        assertThat(subscriptions.openCount("alice")).isZero();
    }

    @Test
    void aSubscriptionAcknowledgedBeforeShutdownButOpenedAfterItGetsItsResultAsItOpens() {
        List<String> sent = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        NotificationStream acknowledged = listen(1, "alice").stream().orElseThrow();

        subscriptions.closeAll(); // the drain begins while the transport is still sending the acknowledgement
        acknowledged.open(sent::add, ended::incrementAndGet);

        assertThat(sent)
                .singleElement()
                .satisfies(result -> assertThat(result).contains("\"resultType\":\"complete\""));
        assertThat(ended).hasValue(1);
        assertThat(subscriptions.openCount()).isZero();
    }
}
