package dev.bulwark.redis;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.TimeoutExceededException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Says in fixed words why a Redis call failed, and whether for want of a timely answer.
 */
final class RedisFailures {

    private RedisFailures() {}

    /**
     * Whether Redis did not answer in time: the operation timeout, or the socket's read timeout when it fires
     * first (both are {@code operationTimeout}, so either can win the race).
     */
    static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutExceededException
                || cause instanceof TimeoutException
                || (cause instanceof JedisConnectionException && cause.getCause() instanceof SocketTimeoutException);
    }

    /** A fixed description of what went wrong, safe to log and to show: it names no host, user, key or password. */
    static String reason(Throwable cause, Duration operationTimeout) {
        if (cause instanceof CircuitBreakerOpenException) {
            return "circuit breaker open (Redis failed recently), not tried";
        }
        if (isTimeout(cause) || cause instanceof CancellationException) {
            return "no answer within " + operationTimeout.toMillis() + " ms";
        }
        if (cause instanceof RejectedExecutionException) {
            return "too many Redis calls waiting";
        }
        if (cause instanceof InterruptedException) {
            return "interrupted";
        }
        Optional<RedisRefusal> refusal = RedisRefusal.of(cause);
        if (refusal.isPresent()) {
            return refusal.get().reason();
        }
        if (cause instanceof JedisAccessControlException) {
            // Jedis raises it for a refused login and for a command the ACL user may not run (NOPERM, above) alike
            return "authentication refused (check the user and password of the Redis URL)";
        }
        if (cause instanceof JedisConnectionException) {
            return "connection failed or lost";
        }
        if (cause instanceof JedisException) {
            return "command refused by Redis";
        }
        return "unexpected " + cause.getClass().getSimpleName();
    }
}
