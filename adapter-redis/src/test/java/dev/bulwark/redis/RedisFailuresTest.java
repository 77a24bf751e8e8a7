package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisFailuresTest {

    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final String HOST = "cache.internal.example:6380";

    @Test
    void aLostConnectionIsDescribedWithoutTheDriversMessageThatNamesTheHost() {
        String reason = RedisFailures.reason(new JedisConnectionException("Failed to connect to " + HOST), TIMEOUT);

        assertThat(reason).isEqualTo("connection failed or lost").doesNotContain(HOST);
    }

    @Test
    void noAnswerInTimeNamesTheTimeoutWhicheverTimerFiredFirst() {
        JedisConnectionException socketTimeout =
                new JedisConnectionException(new SocketTimeoutException("Read timed out from " + HOST));

        assertThat(RedisFailures.isTimeout(socketTimeout)).isTrue();
        assertThat(RedisFailures.isTimeout(new TimeoutException())).isTrue();
        assertThat(RedisFailures.isTimeout(new JedisConnectionException("refused")))
                .isFalse();
        assertThat(RedisFailures.reason(socketTimeout, TIMEOUT)).isEqualTo("no answer within 250 ms");
    }

    @Test
    void aRefusalIsDescribedByWhatRedisRefusesNotByItsMessage() {
        String reason = RedisFailures.reason(
                new JedisDataException("NOPERM User svc-7f3a has no permissions to run the 'set' command"), TIMEOUT);

        assertThat(reason).isEqualTo(RedisRefusal.NOT_PERMITTED.reason()).doesNotContain("svc-7f3a");
    }

    @Test
    void eachOtherFailureHasItsOwnFixedWords() {
        assertThat(RedisFailures.reason(new CircuitBreakerOpenException(CircuitBreaker.ofDefaults()), TIMEOUT))
                .isEqualTo("circuit breaker open (Redis failed recently), not tried");
        assertThat(RedisFailures.reason(new RejectedExecutionException("queue full"), TIMEOUT))
                .isEqualTo("too many Redis calls waiting");
        assertThat(RedisFailures.reason(new JedisAccessControlException("WRONGPASS for user app"), TIMEOUT))
                .startsWith("authentication refused");
        assertThat(RedisFailures.reason(new JedisDataException("ERR unknown command 'X' on " + HOST), TIMEOUT))
                .isEqualTo("command refused by Redis");
        assertThat(RedisFailures.reason(new IllegalStateException(HOST), TIMEOUT))
                .isEqualTo("unexpected IllegalStateException");
    }
}
