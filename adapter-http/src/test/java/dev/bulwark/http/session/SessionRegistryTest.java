package dev.bulwark.http.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.session.SessionRegistry.Place;
import dev.bulwark.test.fakes.ManualTicker;
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
    private final SessionRegistry registry = new SessionRegistry(2, 2, Duration.ofMinutes(1), ticker, reported::set);

    @Test
    void reservationsCountAgainstTheCap() {
        assertThat(registry.reserve(null)).isEqualTo(Place.RESERVED);
        assertThat(registry.reserve(null)).isEqualTo(Place.RESERVED);

        assertThat(registry.reserve(null)).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void releasedReservationFreesItsPlace() {
        registry.reserve(null);
        registry.reserve(null);
        registry.release(null);

        assertThat(registry.reserve(null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void createdSessionTakesItsReservedPlaceAndIsReported() {
        registry.reserve(null);
        registry.created("a", null);

        assertThat(registry.size()).isEqualTo(1);
        assertThat(reported.get()).isEqualTo(1);
        assertThat(registry.reserve(null)).isEqualTo(Place.RESERVED);
        assertThat(registry.reserve(null)).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void endedSessionFreesItsPlace() {
        registry.reserve(null);
        registry.created("a", null);
        registry.ended("a");

        assertThat(registry.size()).isZero();
        assertThat(reported.get()).isZero();
    }

    @Test
    void sessionIdleForTheTimeoutIsTakenOnce() {
        registry.reserve(null);
        registry.created("a", null);
        ticker.advance(Duration.ofMinutes(1));

        assertThat(registry.takeIdle()).containsExactly("a");
        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionBeingEndedKeepsItsPlaceUntilItHasEnded() {
        registry.reserve(null);
        registry.reserve(null);
        registry.created("a", null);
        registry.created("b", null);
        ticker.advance(Duration.ofMinutes(1));
        registry.takeIdle();

        assertThat(registry.reserve(null)).isEqualTo(Place.SERVER_FULL);
        registry.ended("a");
        assertThat(registry.reserve(null)).isEqualTo(Place.RESERVED);
        assertThat(reported.get()).isEqualTo(1);
    }

    @Test
    void sessionIdleForLessThanTheTimeoutStays() {
        registry.reserve(null);
        registry.created("a", null);
        ticker.advance(Duration.ofSeconds(59));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionWithAnOpenStreamIsNeverIdle() {
        registry.reserve(null);
        registry.created("a", null);
        registry.begin("a");
        ticker.advance(Duration.ofHours(1));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void idlenessCountsFromTheEndOfTheLastExchange() {
        registry.reserve(null);
        registry.created("a", null);
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
        registry.reserve(null);
        registry.created("a", null);
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
        registry.reserve(null);
        registry.created("a", null);
        ticker.advance(Duration.ofMinutes(1));
        assertThat(registry.takeIdle()).containsExactly("a");

        registry.begin("a");
        registry.end("a");

        assertThat(registry.takeIdle()).as("taken once, however it is used meanwhile").isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void ownerAtItsCapIsRefusedWhileOthersAreServed() {
        SessionRegistry perOwner = new SessionRegistry(10, 2, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice");
        perOwner.created("a1", "alice");
        perOwner.reserve("alice");

        assertThat(perOwner.reserve("alice")).isEqualTo(Place.CALLER_FULL);
        assertThat(perOwner.reserve("bob")).isEqualTo(Place.RESERVED);
    }

    @Test
    void ownersEndedSessionFreesItsPlaceUnderItsCap() {
        SessionRegistry perOwner = new SessionRegistry(10, 1, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice");
        perOwner.created("a1", "alice");
        perOwner.ended("a1");

        assertThat(perOwner.reserve("alice")).isEqualTo(Place.RESERVED);
    }

    @Test
    void ownersReleasedReservationFreesItsPlaceUnderItsCap() {
        SessionRegistry perOwner = new SessionRegistry(10, 1, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice");
        perOwner.release("alice");

        assertThat(perOwner.reserve("alice")).isEqualTo(Place.RESERVED);
    }

    @Test
    void serverCapComesBeforeTheOwnersCap() {
        SessionRegistry small = new SessionRegistry(1, 5, Duration.ofMinutes(1), ticker, reported::set);
        small.reserve("alice");

        assertThat(small.reserve("bob")).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void unauthenticatedSessionsMeetOnlyTheServerCap() {
        SessionRegistry perOwner = new SessionRegistry(3, 1, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve(null);
        perOwner.reserve(null);

        assertThat(perOwner.reserve(null)).isEqualTo(Place.RESERVED);
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
