package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void readsHostPortAndDatabase() {
        RedisUrl url = RedisUrl.parse("redis://cache.internal:6380/3");

        assertThat(url.host()).isEqualTo("cache.internal");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.tls()).isFalse();
    }

    @Test
    void defaultsToPort6379AndDatabaseZero() {
        RedisUrl url = RedisUrl.parse("redis://cache.internal");

        assertThat(url.port()).isEqualTo(6379);
        assertThat(url.database()).isZero();
    }

    @Test
    void readsUserAndPassword() {
        RedisUrl url = RedisUrl.parse("redis://app:s3cret@cache.internal:6379/0");

        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s3cret");
    }

    @Test
    void readsPasswordWithoutUser() {
        RedisUrl url = RedisUrl.parse("redis://:s3cret@cache.internal");

        assertThat(url.user()).isEmpty();
        assertThat(url.password()).contains("s3cret");
    }

    @Test
    void readsUserInfoWithoutColonAsPassword() {
        assertThat(RedisUrl.parse("redis://s3cret@cache.internal").password()).contains("s3cret");
    }

    @Test
    void decodesPercentEscapesInCredentials() {
        RedisUrl url = RedisUrl.parse("redis://app%40corp:p%3Ass%2Bw%C3%B6rd@cache.internal");

        assertThat(url.user()).contains("app@corp");
        assertThat(url.password()).contains("p:ss+wörd");
    }

    @Test
    void keepsPlusSignsInPasswords() {
        assertThat(RedisUrl.parse("redis://:a+b@cache.internal").password()).contains("a+b");
    }

    @Test
    void redissSchemeMeansTls() {
        assertThat(RedisUrl.parse("rediss://cache.internal:6380").tls()).isTrue();
    }

    @Test
    void readsBracketedIpv6Host() {
        assertThat(RedisUrl.parse("redis://[::1]:6379").host()).isEqualTo("::1");
    }

    @Test
    void readsAHostNameWithAnUnderscoreAsComposeServicesHaveThem() {
        RedisUrl url = RedisUrl.parse("redis://app:s3cret@redis_cache:6380/2");

        assertThat(url.host()).isEqualTo("redis_cache");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.password()).contains("s3cret");
        assertThat(url.database()).isEqualTo(2);
    }

    @Test
    void readsAHostNameWithAnUnderscoreWithoutAPort() {
        assertThat(RedisUrl.parse("redis://redis_cache").port()).isEqualTo(6379);
    }

    @Test
    void rejectsAPortThatIsNoNumberWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@redis_cache:63x9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be a number")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsOtherSchemesWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> RedisUrl.parse("http://user:hunter2@cache.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("cache.internal");
    }

    @Test
    void rejectsMalformedUrlWithoutQuotingIt() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://user:hun ter2@cache.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hun ter2")
                .hasNoCause();
    }

    @Test
    void rejectsNonNumericDatabase() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache.internal/cache"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database");
    }

    @Test
    void rejectsUrlWithoutHost() {
        assertThatThrownBy(() -> RedisUrl.parse("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void toStringShowsNoHostNorCredentials() {
        String text =
                RedisUrl.parse("rediss://app:hunter2@cache.internal:6380/2").toString();

        assertThat(text)
                .doesNotContain("hunter2", "app", "cache.internal", "6380")
                .contains("rediss");
    }
}
