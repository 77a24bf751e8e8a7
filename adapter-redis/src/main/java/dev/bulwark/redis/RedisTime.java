package dev.bulwark.redis;

import dev.bulwark.ports.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis server's clock, on which every instance counts the shared rate-limit windows. Thread-safe.
 */
abstract class RedisTime {

    /** How long an offset is trusted before {@code TIME} is asked again: 10 s. */
    static final long RESYNC_INTERVAL_NANOS = 10_000_000_000L;

    /** Redis's time now, in nanoseconds since the epoch; may ask Redis with {@code client}. */
    abstract long nowNanos(UnifiedJedis client);

    /** Redis's own {@code TIME}, its offset learnt from this instance's {@code ticker}. */
    static RedisTime server(Ticker ticker) {
        return new ServerTime(ticker);
    }

    /** A clock that never asks Redis: {@code ticker}'s nanoseconds, for tests that move time by hand. */
    static RedisTime of(Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        return new RedisTime() {
            @Override
            long nowNanos(UnifiedJedis client) {
                return ticker.nanoTime();
            }
        };
    }

    private static final class ServerTime extends RedisTime {
        private final Ticker ticker;
        /** Redis time minus ticker time, and when it was learnt; replaced together. */
        private volatile Sync sync;

        ServerTime(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
        }

        @Override
        long nowNanos(UnifiedJedis client) {
            long now = ticker.nanoTime();
            Sync current = sync;
            if (current == null || now - current.learntAt() > RESYNC_INTERVAL_NANOS) {
                current = learn(client);
                sync = current;
                now = ticker.nanoTime();
            }
            return now + current.offset();
        }

        private Sync learn(UnifiedJedis client) {
            long before = ticker.nanoTime();
            List<?> time = (List<?>) client.executeCommand(new CommandArguments(Protocol.Command.TIME));
            long after = ticker.nanoTime();
            long redisNanos =
                    Long.parseLong(text(time.get(0))) * 1_000_000_000L + Long.parseLong(text(time.get(1))) * 1_000L;
            long midpoint = before + (after - before) / 2;
            return new Sync(redisNanos - midpoint, after);
        }

        private static String text(Object reply) {
            return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(reply);
        }
    }

    private record Sync(long offset, long learntAt) {}
}
