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
    private final SessionRegistry registry =
            new SessionRegistry(2, 2, 100, Duration.ofMinutes(1), ticker, reported::set);

    @Test
    void reservationsCountAgainstTheCap() {
        assertThat(registry.reserve(null, null)).isEqualTo(Place.RESERVED);
        assertThat(registry.reserve(null, null)).isEqualTo(Place.RESERVED);

        assertThat(registry.reserve(null, null)).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void releasedReservationFreesItsPlace() {
        registry.reserve(null, null);
        registry.reserve(null, null);
        registry.release(null, null);

        assertThat(registry.reserve(null, null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void createdSessionTakesItsReservedPlaceAndIsReported() {
        registry.reserve(null, null);
        registry.created("a", null, null);

        assertThat(registry.size()).isEqualTo(1);
        assertThat(reported.get()).isEqualTo(1);
        assertThat(registry.reserve(null, null)).isEqualTo(Place.RESERVED);
        assertThat(registry.reserve(null, null)).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void endedSessionFreesItsPlace() {
        registry.reserve(null, null);
        registry.created("a", null, null);
        registry.ended("a");

        assertThat(registry.size()).isZero();
        assertThat(reported.get()).isZero();
    }

    @Test
    void sessionIdleForTheTimeoutIsTakenOnce() {
        registry.reserve(null, null);
        registry.created("a", null, null);
        ticker.advance(Duration.ofMinutes(1));

        assertThat(registry.takeIdle()).containsExactly("a");
        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionBeingEndedKeepsItsPlaceUntilItHasEnded() {
        registry.reserve(null, null);
        registry.reserve(null, null);
        registry.created("a", null, null);
        registry.created("b", null, null);
        ticker.advance(Duration.ofMinutes(1));
        registry.takeIdle();

        assertThat(registry.reserve(null, null)).isEqualTo(Place.SERVER_FULL);
        registry.ended("a");
        assertThat(registry.reserve(null, null)).isEqualTo(Place.RESERVED);
        assertThat(reported.get()).isEqualTo(1);
    }

    @Test
    void sessionIdleForLessThanTheTimeoutStays() {
        registry.reserve(null, null);
        registry.created("a", null, null);
        ticker.advance(Duration.ofSeconds(59));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void sessionWithAnOpenStreamIsNeverIdle() {
        registry.reserve(null, null);
        registry.created("a", null, null);
        registry.begin("a");
        ticker.advance(Duration.ofHours(1));

        assertThat(registry.takeIdle()).isEmpty();
    }

    @Test
    void idlenessCountsFromTheEndOfTheLastExchange() {
        registry.reserve(null, null);
        registry.created("a", null, null);
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
        registry.reserve(null, null);
        registry.created("a", null, null);
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
        registry.reserve(null, null);
        registry.created("a", null, null);
        ticker.advance(Duration.ofMinutes(1));
        assertThat(registry.takeIdle()).containsExactly("a");

        registry.begin("a");
        registry.end("a");

        assertThat(registry.takeIdle())
                .as("taken once, however it is used meanwhile")
                .isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void ownerAtItsCapIsRefusedWhileOthersAreServed() {
        SessionRegistry perOwner = new SessionRegistry(10, 2, 100, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice", null);
        perOwner.created("a1", "alice", null);
        perOwner.reserve("alice", null);

        assertThat(perOwner.reserve("alice", null)).isEqualTo(Place.CALLER_FULL);
        assertThat(perOwner.reserve("bob", null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void ownersEndedSessionFreesItsPlaceUnderItsCap() {
        SessionRegistry perOwner = new SessionRegistry(10, 1, 100, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice", null);
        perOwner.created("a1", "alice", null);
        perOwner.ended("a1");

        assertThat(perOwner.reserve("alice", null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void ownersReleasedReservationFreesItsPlaceUnderItsCap() {
        SessionRegistry perOwner = new SessionRegistry(10, 1, 100, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve("alice", null);
        perOwner.release("alice", null);

        assertThat(perOwner.reserve("alice", null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void serverCapComesBeforeTheOwnersCap() {
        SessionRegistry small = new SessionRegistry(1, 5, 100, Duration.ofMinutes(1), ticker, reported::set);
        small.reserve("alice", null);

        assertThat(small.reserve("bob", null)).isEqualTo(Place.SERVER_FULL);
    }

    @Test
    void sessionsWithNeitherOwnerNorAddressMeetOnlyTheServerCap() {
        SessionRegistry perOwner = new SessionRegistry(3, 1, 100, Duration.ofMinutes(1), ticker, reported::set);
        perOwner.reserve(null, null);
        perOwner.reserve(null, null);

        assertThat(perOwner.reserve(null, null)).isEqualTo(Place.RESERVED);
    }

    @Test
    void anAddressWithoutPrincipalAtItsCapIsRefusedWhileOtherAddressesAreServed() {
        SessionRegistry perAddress = new SessionRegistry(10, 5, 2, Duration.ofMinutes(1), ticker, reported::set);
        perAddress.reserve(null, "127.0.0.1");
        perAddress.created("a1", null, "127.0.0.1");
        perAddress.reserve(null, "127.0.0.1");

        assertThat(perAddress.reserve(null, "127.0.0.1")).isEqualTo(Place.ADDRESS_FULL);
        assertThat(perAddress.reserve(null, "127.0.0.2")).isEqualTo(Place.RESERVED);
    }

    @Test
    void anAddressesEndedOrReleasedSessionFreesItsPlace() {
        SessionRegistry perAddress = new SessionRegistry(10, 5, 1, Duration.ofMinutes(1), ticker, reported::set);
        perAddress.reserve(null, "127.0.0.1");
        perAddress.created("a1", null, "127.0.0.1");
        perAddress.ended("a1");
        perAddress.reserve(null, "127.0.0.1");
        perAddress.release(null, "127.0.0.1");

        assertThat(perAddress.reserve(null, "127.0.0.1")).isEqualTo(Place.RESERVED);
    }

    @Test
    void anAuthenticatedCallerIsCountedByItsSubjectNotByItsAddress() {
        SessionRegistry both = new SessionRegistry(10, 5, 1, Duration.ofMinutes(1), ticker, reported::set);
        both.reserve(null, "127.0.0.1");

        assertThat(both.reserve("alice", "127.0.0.1")).isEqualTo(Place.RESERVED);
        assertThat(both.reserve("bob", "127.0.0.1")).isEqualTo(Place.RESERVED);
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
