package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

    @Test
    void everyKeyIsInTheRedisSectionAndOnlyTheUrlIsSecret() {
        assertThat(RedisKeys.all()).extracting(ConfigKey::section).containsOnly("redis");
        assertThat(RedisKeys.all()).filteredOn(ConfigKey::secret).containsExactly(RedisKeys.REDIS_URL);
    }

    @Test
    void theUrlIsSetOnTheSettings() {
        RedisSettings settings =
                RedisKeys.REDIS_URL.applyTo(RedisSettings.defaults(), Optional.of("redis://cache.internal:6379/0"));

        assertThat(settings.url()).contains("redis://cache.internal:6379/0");
        assertThat(RedisKeys.REDIS_URL.defaultText(settings)).isEqualTo("(secret)");
    }

    @Test
    void theKeyPrefixDefaultIsTheSettingsOwn() {
        assertThat(RedisKeys.REDIS_KEY_PREFIX.defaultText(RedisSettings.defaults()))
                .isEqualTo(RedisSettings.DEFAULT_KEY_PREFIX);
    }
}
