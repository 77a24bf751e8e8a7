package dev.bulwark.ports.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void refusesAPeriodLongerThanAYearSayingSo() {
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofDays(365_000), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit period must be at most 365 days");
    }

    @Test
    void acceptsAPeriodOfAYear() {
        assertThat(new RateLimit(1, Duration.ofDays(365), 0).windowNanos()).isPositive();
    }

    @Test
    void perMinuteMeansThatManyInAnyMinuteWithNoExtraBurst() {
        RateLimit limit = RateLimit.perMinute(100);

        assertThat(limit.extraBurst()).isZero();
        assertThat(limit.capacity()).isEqualTo(100);
        assertThat(limit.windowNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(limit.slotNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
    }

    @Test
    void anExtraBurstStretchesTheWindowSoTheAverageStays() {
        RateLimit limit = RateLimit.perMinute(100).withExtraBurst(20);

        assertThat(limit.capacity()).isEqualTo(120);
        assertThat(limit.windowNanos()).isEqualTo(Duration.ofSeconds(72).toNanos());
    }

    @Test
    void slotsCoverTheWholeWindowRoundingUp() {
        RateLimit limit = new RateLimit(3, Duration.ofNanos(25), 0);

        assertThat(limit.slotNanos() * RateLimit.WINDOW_SLOTS).isGreaterThanOrEqualTo(limit.windowNanos());
    }

    @Test
    void aShareKeepsAtLeastOneCallAndRoundsDown() {
        assertThat(RateLimit.perMinute(100).share(0.5)).isEqualTo(RateLimit.perMinute(50));
        assertThat(RateLimit.perMinute(1).share(0.5)).isEqualTo(RateLimit.perMinute(1));
        assertThat(RateLimit.perMinute(10).withExtraBurst(3).share(0.5))
                .isEqualTo(RateLimit.perMinute(5).withExtraBurst(1));
        assertThat(RateLimit.perMinute(10).share(1)).isEqualTo(RateLimit.perMinute(10));
    }

    @Test
    void refusesANegativeExtraBurst() {
        assertThatThrownBy(() -> RateLimit.perMinute(5).withExtraBurst(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extra burst must be at least 0");
    }
}
