package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    @Test
    void aClientWithinItsFailureLimitIsNotBlocked() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");

        assertThat(limiter.blockedFor("10.0.0.1")).isZero();
    }

    @Test
    void aClientThatUsedItsFailureLimitIsBlockedForAWhile() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3);
        for (int i = 0; i < 3; i++) {
            limiter.failed("10.0.0.1");
        }

        assertThat(limiter.blockedFor("10.0.0.1")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aLimitOfOneBlocksAfterTheFirstFailureForAMinute() {
        AtomicLong clock = new AtomicLong();
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, AuthFailureLimiter.MAX_CLIENTS, clock::get);
        limiter.failed("10.0.0.1");
        clock.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThat(limiter.blockedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void anotherClientIsNotBlockedByTheFirstOnesFailures() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");

        assertThat(limiter.blockedFor("10.0.0.2")).isZero();
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareOneLimit() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3);
        limiter.failed("2001:db8:1:2::1");
        limiter.failed("2001:db8:1:2:aaaa::7");
        limiter.failed("2001:db8:1:2:ffff:ffff:ffff:fffe");

        assertThat(limiter.blockedFor("2001:db8:1:2::1234")).isPositive();
        assertThat(limiter.trackedAddresses()).isEqualTo(1);
    }

    @Test
    void anotherIpv6Slash64IsNotBlockedByTheFirstOnesFailures() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1);
        limiter.failed("2001:db8:1:2::1");

        assertThat(limiter.blockedFor("2001:db8:1:3::1")).isZero();
    }

    @Test
    void ipv6AddressesSpelledDifferentlyAreOneAddress() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1);
        limiter.failed("[2001:0db8:0001:0002:0000:0000:0000:0001]");

        assertThat(limiter.blockedFor("2001:db8:1:2::1")).isPositive();
    }

    @Test
    void anAddressPastAFullTableOfRecentFailuresIsNotCounted() {
        AtomicLong clock = new AtomicLong();
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, 3, clock::get);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.2");
        limiter.failed("10.0.0.3");

        limiter.failed("10.0.0.4");

        assertThat(limiter.blockedFor("10.0.0.4")).isZero();
        assertThat(limiter.trackedAddresses()).isEqualTo(3);
    }

    @Test
    void addressesQuietForAMinuteMakeRoomForNewOnes() {
        AtomicLong clock = new AtomicLong();
        AuthFailureLimiter limiter = new AuthFailureLimiter(2, 2, clock::get);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.2");
        clock.addAndGet(Duration.ofSeconds(61).toNanos());

        limiter.failed("10.0.0.3");

        assertThat(limiter.trackedAddresses()).isEqualTo(1);
        limiter.failed("10.0.0.3");
        assertThat(limiter.blockedFor("10.0.0.3")).isPositive();
    }

    @Test
    void aFullTableKeepsTheCountsOfAddressesThatFailedWithinTheMinute() {
        AtomicLong clock = new AtomicLong();
        AuthFailureLimiter limiter = new AuthFailureLimiter(2, 2, clock::get);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.2");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        limiter.failed("10.0.0.3");

        limiter.failed("10.0.0.1");

        assertThat(limiter.blockedFor("10.0.0.1")).isPositive();
    }

    @Test
    void aFullTableIsSweptAtMostOnceASecond() {
        AtomicLong clock = new AtomicLong();
        AuthFailureLimiter limiter = new AuthFailureLimiter(2, 2, clock::get);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.2");
        clock.set(Duration.ofMillis(59_500).toNanos());
        limiter.failed("10.0.0.3"); // sweeps: nothing to forget yet

        clock.set(Duration.ofMillis(60_200).toNanos());
        limiter.failed("10.0.0.4"); // the first two may be forgotten now, but the last sweep was under a second ago
        assertThat(limiter.trackedAddresses()).isEqualTo(2);

        clock.set(Duration.ofMillis(60_600).toNanos());
        limiter.failed("10.0.0.5");
        assertThat(limiter.trackedAddresses()).isEqualTo(1);
    }
}
