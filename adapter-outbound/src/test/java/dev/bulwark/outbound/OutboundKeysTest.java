package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboundKeysTest {

    @Test
    void everyKeyIsInTheOutboundSection() {
        assertThat(OutboundKeys.all()).extracting(ConfigKey::section).containsOnly("outbound");
    }

    @Test
    void theDefaultsAreTheAdaptersOwn() {
        assertThat(OutboundKeys.MAX_RESPONSE_SIZE.valueIn(OutboundSettings.defaults()))
                .isEqualTo(OutboundServices.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(OutboundKeys.HEALTH_INTERVAL.valueIn(OutboundSettings.defaults()))
                .isEqualTo(OutboundServices.DEFAULT_HEALTH_INTERVAL);
    }

    @Test
    void aHealthTimeoutAboveFiveMinutesIsRefusedNamingTheKey() {
        assertThatThrownBy(
                        () -> OutboundKeys.HEALTH_TIMEOUT.applyTo(OutboundSettings.defaults(), Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outbound.health-timeout must be at most 300s, was 360s");
    }
}
