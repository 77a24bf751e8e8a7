package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisSentinelUrlTest {

    @Test
    void readsEverySentinelThePrimaryNameAndTheDatabase() {
        RedisSentinelUrl url =
                RedisSentinelUrl.parse("redis-sentinel://s1.internal:26380,s2.internal,10.0.0.3:26379/2#orders");

        assertThat(url.sentinels())
                .containsExactly(
                        new HostAndPort("s1.internal", 26380),
                        new HostAndPort("s2.internal", 26379),
                        new HostAndPort("10.0.0.3", 26379));
        assertThat(url.primary()).isEqualTo("orders");
        assertThat(url.database()).isEqualTo(2);
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void readsThePrimarysCredentialsAsASingleServersUrlDoes() {
        RedisSentinelUrl url = RedisSentinelUrl.parse("redis-sentinel://app:p%3Ass@s1:26379,s2:26379#mymaster");

        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("p:ss");
        assertThat(url.database()).isZero();
    }

    @Test
    void readsIpv6SentinelsInBrackets() {
        RedisSentinelUrl url = RedisSentinelUrl.parse("redis-sentinel://[::1]:26380,[fd00::2]#mymaster");

        assertThat(url.sentinels()).containsExactly(new HostAndPort("::1", 26380), new HostAndPort("fd00::2", 26379));
    }

    @Test
    void refusesAUrlWithoutThePrimaryNameSayingHowToWriteIt() {
        assertThatThrownBy(() -> RedisSentinelUrl.parse("redis-sentinel://:secret@s1:26379,s2:26379/0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#<primary name>")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("s1");
    }

    @Test
    void refusesAnEmptyHostOrABadPortWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> RedisSentinelUrl.parse("redis-sentinel://:secret@s1:26379,,s3#m"))
                .hasMessageContaining("empty host")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisSentinelUrl.parse("redis-sentinel://:secret@s1:99999#m"))
                .hasMessageContaining("65535")
                .hasMessageNotContaining("secret");
    }

    @Test
    void namesNeitherHostsNorCredentialsInItsText() {
        RedisSentinelUrl url = RedisSentinelUrl.parse("redis-sentinel://app:secret@s1.internal,s2.internal#orders");

        assertThat(url.toString())
                .contains("2 sentinels")
                .doesNotContain("secret")
                .doesNotContain("s1.internal")
                .doesNotContain("orders");
    }
}
