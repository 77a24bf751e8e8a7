package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        AuthFailureLimiter limiter = new AuthFailureLimiter(1);
        limiter.failed("10.0.0.1");

        assertThat(limiter.blockedFor("10.0.0.1")).isGreaterThan(Duration.ofSeconds(50))
                .isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anotherClientIsNotBlockedByTheFirstOnesFailures() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");

        assertThat(limiter.blockedFor("10.0.0.2")).isZero();
    }
}
