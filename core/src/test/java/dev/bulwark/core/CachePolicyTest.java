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

    @Test
    void theCanonicalFormSortsKeysAndNormalizesNumbers() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(CachePolicy.canonical(mapper.readTree("{\"b\":1.0,\"a\":[2,1]}")))
                .isEqualTo(CachePolicy.canonical(mapper.readTree("{\"a\":[2,1],\"b\":1}")));
        assertThat(CachePolicy.canonical(mapper.readTree("{\"b\":1,\"a\":2}")).toString())
                .isEqualTo("{\"a\":2,\"b\":1}");
    }
}
