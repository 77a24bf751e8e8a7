package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthKeysTest {

    @Test
    void everyKeyIsInTheAuthSection() {
        assertThat(AuthKeys.all()).extracting(ConfigKey::section).containsOnly("auth");
    }

    @Test
    void onlyTheJwtSecretIsSecret() {
        assertThat(AuthKeys.all()).filteredOn(ConfigKey::secret).containsExactly(AuthKeys.AUTH_JWT_SECRET);
    }

    @Test
    void modeTypeReadsTheModes() {
        assertThat(AuthKeys.AUTH_MODE_TYPE.parse("required")).isEqualTo(AuthSettings.Mode.REQUIRED);
        assertThat(AuthKeys.AUTH_MODE_TYPE.format(AuthSettings.Mode.AUTO)).isEqualTo("auto");
    }

    @Test
    void trustedProxiesAreSetAsRangesAndReadBackAsText() {
        AuthSettings settings = AuthKeys.AUTH_TRUSTED_PROXIES.applyTo(AuthSettings.defaults(), Set.of("10.0.0.0/8"));

        assertThat(AuthKeys.AUTH_TRUSTED_PROXIES.valueIn(settings)).containsExactly("10.0.0.0/8");
    }

    @Test
    void theJwtSecretIsSetAndNeverShown() {
        AuthSettings settings = AuthKeys.AUTH_JWT_SECRET.applyTo(
                AuthSettings.defaults(), Optional.of("0123456789abcdef0123456789abcdef"));

        assertThat(settings.jwtSecret()).contains("0123456789abcdef0123456789abcdef");
        assertThat(AuthKeys.AUTH_JWT_SECRET.display(settings.jwtSecret())).isEqualTo(ConfigKey.REDACTED);
    }
}
