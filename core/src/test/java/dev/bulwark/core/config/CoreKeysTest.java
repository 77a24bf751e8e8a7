package dev.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoreKeysTest {

    @Test
    void eachTableHoldsTheKeysOfOneSection() {
        assertThat(CoreKeys.server()).extracting(ConfigKey::section).containsOnly("server");
        assertThat(CoreKeys.logging()).extracting(ConfigKey::section).containsOnly("log");
        assertThat(CoreKeys.cache()).extracting(ConfigKey::section).containsOnly("cache");
        assertThat(CoreKeys.rateLimit()).extracting(ConfigKey::section).containsOnly("rate-limit");
        assertThat(CoreKeys.limits()).extracting(ConfigKey::section).containsOnly("limits");
        assertThat(CoreKeys.stdio()).extracting(ConfigKey::section).containsOnly("stdio");
        assertThat(CoreKeys.requestState()).extracting(ConfigKey::section).containsOnly("request-state");
        assertThat(CoreKeys.toolList())
                .extracting(ConfigKey::path)
                .containsExactly("auth.filter-tool-list", "limits.tool-list-page-size");
    }

    @Test
    void theToolTimeoutIsSetThroughTheLimitsBuilder() {
        LimitSettings limits = CoreKeys.TOOL_TIMEOUT.applyTo(LimitSettings.defaults(), Duration.ofSeconds(9));

        assertThat(limits.toolTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(CoreKeys.TOOL_TIMEOUT.defaultText(LimitSettings.defaults())).isEqualTo("30s");
    }

    @Test
    void theRequestStateKeyIsHeldAsASecretAndNeverShown() {
        RequestStateSettings state = CoreKeys.REQUEST_STATE_KEY.applyTo(
                RequestStateSettings.defaults(), Optional.of("0123456789abcdef0123456789abcdef"));

        assertThat(state.key()).contains(Secret.of("0123456789abcdef0123456789abcdef"));
        assertThat(CoreKeys.REQUEST_STATE_KEY.secret()).isTrue();
        assertThat(CoreKeys.REQUEST_STATE_KEY.display(Optional.of("x"))).isEqualTo(ConfigKey.REDACTED);
    }
}
