package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisClusterUrlTest {

    @Test
    void readsEveryNodeWithTheDefaultPortWhereNoneIsGiven() {
        RedisClusterUrl url = RedisClusterUrl.parse("redis-cluster://n1.internal:7000,n2.internal,[fd00::3]:7002");

        assertThat(url.nodes())
                .containsExactly(
                        new HostAndPort("n1.internal", 7000),
                        new HostAndPort("n2.internal", 6379),
                        new HostAndPort("fd00::3", 7002));
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void readsTheCredentialsAsASingleServersUrlDoes() {
        RedisClusterUrl url = RedisClusterUrl.parse("REDIS-CLUSTER://app:p%3Ass@n1:7000,n2:7001/");

        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("p:ss");
        assertThat(url.toString()).doesNotContain("p:ss").doesNotContain("n1").contains("2 nodes");
    }

    @Test
    void aDatabaseOtherThanZeroIsRefusedWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> RedisClusterUrl.parse("redis-cluster://app:secret@n1:7000/3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only database 0")
                .hasMessageNotContaining("secret");
    }

    @Test
    void anEmptyNodeOrABadPortIsRefusedWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> RedisClusterUrl.parse("redis-cluster://:secret@n1:7000,,n2"))
                .hasMessageContaining("empty host")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisClusterUrl.parse("redis-cluster://:secret@n1:99999"))
                .hasMessageContaining("65535")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisClusterUrl.parse("redis-cluster://:secret@"))
                .hasMessageContaining("names no node")
                .hasMessageNotContaining("secret");
    }

    @Test
    void theSettingsTakeAClusterUrlAndRefuseOneOverTls() {
        assertThat(RedisSettings.builder()
                        .url("redis-cluster://n1:7000")
                        .build()
                        .url())
                .isEqualTo(Optional.of("redis-cluster://n1:7000"));
        assertThatThrownBy(() ->
                        RedisSettings.builder().url("rediss-cluster://n1:7000").build())
                .hasMessageContaining("redis.url")
                .hasMessageContaining("over TLS");
    }

    @Test
    void aKeyPrefixWithABraceIsRefusedOnAClusterOnly() {
        assertThatThrownBy(() -> RedisSettings.builder()
                        .url("redis-cluster://n1:7000")
                        .keyPrefix("{app}:")
                        .build())
                .hasMessageContaining("redis.key-prefix")
                .hasMessageContaining("remove the braces");
        assertThat(RedisSettings.builder()
                        .url("redis://n1:6379")
                        .keyPrefix("{app}:")
                        .build()
                        .keyPrefix())
                .isEqualTo("{app}:");
    }
}
