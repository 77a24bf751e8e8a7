package dev.bulwark.http.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.fakes.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session cap and idleness, on a ticker the test drives. */
class SessionRegistryTest {

    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger reported = new AtomicInteger(-1);
    private final SessionRegistry registry = new SessionRegistry(2, Duration.ofMinutes(1), ticker, reported::set);

    @Test
    void reservationsCountAgainstTheCap() {
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isTrue();

        assertThat(registry.reserve()).isFalse();
    }

    @Test
    void releasedReservationFreesItsPlace() {
        registry.reserve();
        registry.reserve();
        registry.release();

        assertThat(registry.reserve()).isTrue();
    }

    @Test
    void createdSessionTakesItsReservedPlaceAndIsReported() {
        registry.reserve();
        registry.created("a");

        assertThat(registry.size()).isEqualTo(1);
        assertThat(reported.get()).isEqualTo(1);
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isFalse();
    }

    @Test
    void endedSessionFreesItsPlace() {
        registry.reserve();
        registry.created("a");
        registry.ended("a");

        assertThat(registry.size()).isZero();
        assertThat(reported.get()).isZero();
    }

    @Test
    void sessionIdleForTheTimeoutIsTakenOnce() {
        registry.reserve();
        registry.created("a");
        ticker.advance(Duration.ofMinutes(1));

        assertThat(registry.takeIdle()).containsExactly("a");
        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionBeingEndedKeepsItsPlaceUntilItHasEnded() {
        registry.reserve();
        registry.reserve();
        registry.created("a");
        registry.created("b");
        ticker.advance(Duration.ofMinutes(1));
        registry.takeIdle();

        assertThat(registry.reserve()).isFalse();
        registry.ended("a");
        assertThat(registry.reserve()).isTrue();
        assertThat(reported.get()).isEqualTo(1);
    }

    @Test
    void sessionIdleForLessThanTheTimeoutStays() {
        registry.reserve();
        registry.created("a");
        ticker.advance(Duration.ofSeconds(59));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionWithAnOpenStreamIsNeverIdle() {
        registry.reserve();
        registry.created("a");
        registry.begin("a");
        ticker.advance(Duration.ofHours(1));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void idlenessCountsFromTheEndOfTheLastExchange() {
        registry.reserve();
        registry.created("a");
        registry.begin("a");
        ticker.advance(Duration.ofMinutes(5));
        registry.end("a");
        ticker.advance(Duration.ofSeconds(30));

        assertThat(registry.takeIdle()).isEmpty();
        ticker.advance(Duration.ofSeconds(30));
        assertThat(registry.takeIdle()).containsExactly("a");
    }

    @Test
    void requestsBeginningAndEndingOnManyThreadsLeaveTheSessionIdleAfterwards() throws Exception {
        registry.reserve();
        registry.created("a");
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread request = new Thread(() -> {
                awaitQuietly(go);
                for (int n = 0; n < 10_000; n++) {
                    registry.begin("a");
                    registry.end("a");
                }
            });
            request.start();
            requests.add(request);
        }

        go.countDown();
        for (Thread request : requests) {
            request.join();
        }
        ticker.advance(Duration.ofMinutes(1));

        assertThat(registry.takeIdle()).as("every begin was matched by its end").containsExactly("a");
    }

    @Test
    void sessionBeingEndedCountsNoNewRequest() {
        registry.reserve();
        registry.created("a");
        ticker.advance(Duration.ofMinutes(1));
        assertThat(registry.takeIdle()).containsExactly("a");

        registry.begin("a");
        registry.end("a");

        assertThat(registry.takeIdle()).as("taken once, however it is used meanwhile").isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void unknownSessionsAreIgnored() {
        registry.begin("nope");
        registry.end("nope");
        registry.ended("nope");

        assertThat(registry.size()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
