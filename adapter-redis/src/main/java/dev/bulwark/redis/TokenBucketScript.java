package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The token-bucket Lua script ({@code token-bucket.lua} beside this class) and how to call it. It is sent by its
 * SHA-1 ({@code EVALSHA}); a server that does not know it yet (first use, or restarted) gets the source once
 * ({@code EVAL}), which also caches it there. Immutable and thread-safe.
 */
final class TokenBucketScript {

    private static final String RESOURCE = "token-bucket.lua";

    private final String source;
    private final String sha1;

    private TokenBucketScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    static TokenBucketScript load() {
        try (InputStream in = TokenBucketScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the Redis adapter's jar");
            }
            return new TokenBucketScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    /** Takes one token from the bucket at {@code key}, atomically, on the server. */
    RateLimitDecision takeToken(UnifiedJedis client, String key, RateLimit limit) {
        List<String> keys = List.of(key);
        List<String> args = List.of(Double.toString(limit.nanosPerPermit() / 1_000.0), Long.toString(limit.burst()));
        Object reply;
        try {
            reply = client.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            reply = client.eval(source, keys, args);
        }
        return decision(reply);
    }

    private static RateLimitDecision decision(Object reply) {
        List<?> values = (List<?>) reply;
        boolean allowed = ((Long) values.get(0)) == 1L;
        long remaining = (Long) values.get(1);
        long waitMicros = (Long) values.get(2);
        if (allowed) {
            return RateLimitDecision.allow(Math.max(0, remaining));
        }
        return RateLimitDecision.reject(Duration.ofNanos(Math.max(1, waitMicros) * 1_000));
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
