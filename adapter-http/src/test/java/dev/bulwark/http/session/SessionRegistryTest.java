package dev.bulwark.http.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.fakes.ManualTicker;
import java.time.Duration;
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
    void unknownSessionsAreIgnored() {
        registry.begin("nope");
        registry.end("nope");
        registry.ended("nope");

        assertThat(registry.size()).isZero();
    }
}
