package dev.bulwark.ports.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void refusesAPeriodLongerThanAYearSayingSo() {
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofDays(365_000), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit period must be at most 365 days");
    }

    @Test
    void acceptsAPeriodOfAYear() {
        assertThat(new RateLimit(1, Duration.ofDays(365), 1).nanosPerPermit()).isPositive();
    }
}
