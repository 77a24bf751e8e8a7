package dev.bulwark.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads a Redis server's own clock ({@code TIME}), against which it counts a key's expiry: an expiry compared on it
 * is exact however long the test's calls take, where a {@code PTTL} alone is worn down by real time.
 */
final class RedisClock {

    /** The server's time and a key's {@code PTTL}, read at one instant (a script runs alone). */
    private static final String TIME_AND_PTTL = "return {redis.call('TIME'), redis.call('PTTL', KEYS[1])}";

    private RedisClock() {}

    /** The server's time now, in whole milliseconds since the epoch. */
    static long nowMillis(UnifiedJedis client) {
        List<?> time = (List<?>) client.executeCommand(new CommandArguments(Protocol.Command.TIME));
        return millis(time);
    }

    /**
     * When {@code key} expires on the server's clock, in milliseconds since the epoch, to within a millisecond
     * ({@code PEXPIRETIME} needs Redis 7).
     */
    static long expiresAtMillis(UnifiedJedis client, String key) {
        List<?> reply = (List<?>) client.eval(TIME_AND_PTTL, 1, key);
        long pttl = (Long) reply.get(1);
        if (pttl < 0) {
            throw new AssertionError(key + " has no expiry (PTTL " + pttl + ")");
        }
        return millis((List<?>) reply.get(0)) + pttl;
    }

    private static long millis(List<?> time) {
        return Long.parseLong(text(time.get(0))) * 1_000 + Long.parseLong(text(time.get(1))) / 1_000;
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(reply);
    }
}
