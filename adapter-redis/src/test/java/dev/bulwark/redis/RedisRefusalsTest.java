package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Which Redis errors are refusals, and how long one is remembered: per operation, until it succeeds or ages out. */
class RedisRefusalsTest {

    private final ManualTicker ticker = new ManualTicker();
    private final RedisRefusals refusals = new RedisRefusals(ticker, Duration.ofMinutes(1));

    @Test
    void redisErrorsForItsStateOrItsAclAreRefusalsWhetherRaisedByACommandOrInsideAScript() {
        assertThat(RedisRefusal.of(new JedisDataException("OOM command not allowed when used memory > 'maxmemory'.")))
                .contains(RedisRefusal.OUT_OF_MEMORY);
        assertThat(RedisRefusal.of(new JedisDataException("ERR Error running script (call to f_8d57): @user_script:1:"
                        + " @user_script: 1: -OOM command not allowed when used memory > 'maxmemory'.")))
                .contains(RedisRefusal.OUT_OF_MEMORY);
        assertThat(RedisRefusal.of(new JedisDataException("READONLY You can't write against a read only replica.")))
                .contains(RedisRefusal.READ_ONLY);
        assertThat(RedisRefusal.of(new JedisDataException("MISCONF Redis is configured to save RDB snapshots, but"
                        + " it's currently unable to persist to disk.")))
                .contains(RedisRefusal.CANNOT_PERSIST);
        assertThat(RedisRefusal.of(new JedisAccessControlException(
                        "NOPERM this user has no permissions to run the 'set' command or its subcommand")))
                .contains(RedisRefusal.NOT_PERMITTED);
        assertThat(RedisRefusal.of(new JedisDataException("ERR Error running script (call to f_9282): @user_script:1:"
                        + " @user_script: 1: The user executing the script can't run this command or subcommand")))
                .contains(RedisRefusal.NOT_PERMITTED);
    }

    @Test
    void otherFailuresAreNotRefusals() {
        assertThat(RedisRefusal.of(new JedisAccessControlException("WRONGPASS invalid username-password pair")))
                .isEmpty();
        assertThat(RedisRefusal.of(new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind")))
                .isEmpty();
        assertThat(RedisRefusal.of(new JedisConnectionException("OOM command not allowed")))
                .isEmpty();
        assertThat(RedisRefusal.of(new JedisDataException((String) null))).isEmpty();
    }

    @Test
    void reasonsNameNoUserNorHost() {
        for (RedisRefusal refusal : RedisRefusal.values()) {
            assertThat(refusal.reason()).doesNotContain("127.0.0.1", "default", "@");
        }
    }

    @Test
    void nothingRefusedIsNothingRecent() {
        assertThat(refusals.recent()).isEmpty();
    }

    @Test
    void aRefusalIsRecentWithItsOperationUntilThatOperationSucceeds() {
        refusals.refused(RedisOperation.CACHE_PUT, RedisRefusal.OUT_OF_MEMORY);
        ticker.advance(Duration.ofSeconds(5));

        assertThat(refusals.recent()).hasValueSatisfying(recent -> {
            assertThat(recent.latest()).isEqualTo(RedisRefusal.OUT_OF_MEMORY);
            assertThat(recent.operations()).containsExactly(RedisOperation.CACHE_PUT);
            assertThat(recent.age()).isEqualTo(Duration.ofSeconds(5));
        });

        refusals.succeeded(RedisOperation.CACHE_GET, refusals.current(RedisOperation.CACHE_GET));
        assertThat(refusals.recent())
                .as("another operation's success clears nothing")
                .isPresent();

        refusals.succeeded(RedisOperation.CACHE_PUT, refusals.current(RedisOperation.CACHE_PUT));
        assertThat(refusals.recent()).isEmpty();
    }

    @Test
    void theLatestRefusalNamesTheReasonAndEveryRefusedOperationIsListed() {
        refusals.refused(RedisOperation.RATE_LIMIT, RedisRefusal.NOT_PERMITTED);
        ticker.advance(Duration.ofSeconds(1));
        refusals.refused(RedisOperation.CACHE_PUT, RedisRefusal.OUT_OF_MEMORY);

        assertThat(refusals.recent()).hasValueSatisfying(recent -> {
            assertThat(recent.latest()).isEqualTo(RedisRefusal.OUT_OF_MEMORY);
            assertThat(recent.operations()).isEqualTo(Set.of(RedisOperation.RATE_LIMIT, RedisOperation.CACHE_PUT));
        });
    }

    @Test
    void aSuccessOfACallThatStartedBeforeANewerRefusalDoesNotClearIt() {
        RedisRefusals.Refused beforeTheCall = refusals.current(RedisOperation.CACHE_PUT);
        refusals.refused(RedisOperation.CACHE_PUT, RedisRefusal.OUT_OF_MEMORY); // a concurrent call was refused

        refusals.succeeded(RedisOperation.CACHE_PUT, beforeTheCall);

        assertThat(refusals.recent()).isPresent();
    }

    @Test
    void aRefusalOlderThanTheWindowIsForgotten() {
        refusals.refused(RedisOperation.CACHE_PUT, RedisRefusal.READ_ONLY);

        ticker.advance(Duration.ofSeconds(59));
        assertThat(refusals.recent()).isPresent();

        ticker.advance(Duration.ofSeconds(1));
        assertThat(refusals.recent()).isEmpty();
    }
}
