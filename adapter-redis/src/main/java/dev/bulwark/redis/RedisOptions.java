package dev.bulwark.redis;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;

/**
 * The checked options of one {@link RedisConnection}. Immutable.
 *
 * @param url where Redis is, with its credentials; never printed
 * @param keyPrefix the prefix of every key
 * @param connectTimeout time to open a connection
 * @param operationTimeout time one call may take; also the socket timeout
 * @param poolMaxTotal pooled connections, and worker threads, at most
 * @param poolMaxWait time a worker waits for a pooled connection
 * @param breakerFailureThreshold failures in a row that open the breaker
 * @param breakerOpenDuration how long the open breaker skips Redis before it half-opens
 * @param ticker the monotonic clock of latencies and refusal windows
 */
record RedisOptions(
        RedisUrl url,
        String keyPrefix,
        Duration connectTimeout,
        Duration operationTimeout,
        int poolMaxTotal,
        Duration poolMaxWait,
        int breakerFailureThreshold,
        Duration breakerOpenDuration,
        Ticker ticker) {

    /** Names no host and no credentials. */
    @Override
    public String toString() {
        return "RedisOptions[prefix=" + keyPrefix + "]";
    }
}
