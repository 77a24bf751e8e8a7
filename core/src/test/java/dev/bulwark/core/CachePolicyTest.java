package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    void policyWithoutTtlUsesTheServerDefault() {
        assertThat(CachePolicy.shared().ttlOr(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void policyTtlWinsOverTheServerDefault() {
        assertThat(CachePolicy.perPrincipal(Duration.ofSeconds(5)).ttlOr(Duration.ofSeconds(300)))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesANonPositiveTtl() {
        assertThatThrownBy(() -> CachePolicy.shared(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void refusesATtlLongerThanAYearSayingSo() {
        assertThatThrownBy(() -> CachePolicy.shared(Duration.ofDays(365_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cache ttl must be at most 365 days");
    }
}
