package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * One rate-limit decision on a window kept in Redis, in one round trip and without a script.
 */
final class SlidingWindowCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SlidingWindowCommands.class);

    /** Slack on the key's expiry for the difference between this instance's reading of Redis time and Redis's. */
    private static final long EXPIRY_SLACK_MILLIS = 1_000;

    private SlidingWindowCommands() {}

    /**
     * A decision, the cache entry read in the same transaction when one was asked for, and the tidying its window
     * needs afterwards ({@link #tidy}), if any.
     */
    record Outcome(RateLimitDecision decision, Optional<String> cached, Optional<Tidying> tidying) {}

    /**
     * What a window needs after a decision: a rejected call's count taken back, fields that no longer count deleted.
     *
     * @param key the window's key
     * @param takeBack the slot field whose count a rejected call takes back, or {@code null}
     * @param stale the fields that no longer count
     * @param expiryMillis the key's expiry, set again
     */
    record Tidying(String key, String takeBack, List<String> stale, long expiryMillis) {}

    /**
     * A pipeline to the server holding {@code key}: on a Redis Cluster, one of the connections to the primary of its
     * slot, so that {@code MULTI} and {@code EXEC} reach the same node as the commands between them; or, after an
     * {@code ASK}, to the node it named ({@code asked}), opened with {@code ASKING} so that the node importing the slot
     * serves the key.
     */
    static AbstractPipeline pipeline(UnifiedJedis client, Optional<HostAndPort> asked, String key) {
        if (client instanceof RedisClusterClient cluster) {
            if (asked.isEmpty()) {
                return new Pipeline(cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(key)), true);
            }
            ConnectionPool pool = cluster.getClusterNodes().get(asked.get().toString());
            if (pool == null) {
                throw new JedisConnectionException("the Cluster's layout does not name the node an ASK named");
            }
            Pipeline pipeline = new Pipeline(pool.getResource(), true);
            pipeline.sendCommand(Protocol.Command.ASKING, new String[0]);
            return pipeline;
        }
        return client.pipelined();
    }

    /**
     * Runs {@code commands} on the primary of their key's slot. On a Redis Cluster whose slot is being moved
     * ({@code ASK}) it runs them once more on the node importing the slot; when the slot moved ({@code MOVED}) it reads
     * the layout again and runs them once more. A transaction refused for either ran none of its commands.
     */
    static <T> T followingMoves(UnifiedJedis client, Function<Optional<HostAndPort>, T> commands) {
        try {
            return commands.apply(Optional.empty());
        } catch (JedisAskDataException e) {
            if (!(client instanceof RedisClusterClient)) {
                throw e;
            }
            return commands.apply(Optional.of(e.getTargetNode()));
        } catch (JedisRedirectionException e) {
            if (!(client instanceof RedisClusterClient cluster)) {
                throw e;
            }
            cluster.refreshClusterTopology();
            return commands.apply(Optional.empty());
        }
    }

    /**
     * Counts one call in the window at {@code key} if the window still has room, at Redis time {@code nowNanos}, and
     * reads {@code cacheKey} in the same round trip unless it is {@code null}.
     */
    static Outcome decide(
            UnifiedJedis client,
            Optional<HostAndPort> asked,
            String key,
            RateLimit limit,
            long nowNanos,
            String cacheKey) {
        long slotNanos = limit.slotNanos();
        long slot = Math.floorDiv(nowNanos, slotNanos);
        String field = Long.toString(slot);
        long expiryMillis = expiryMillis(slot, slotNanos, nowNanos);
        List<?> replies;
        try (AbstractPipeline pipeline = pipeline(client, asked, key)) {
            // MULTI ... EXEC sent as plain commands in one pipeline: one round trip. (Jedis's own transaction waits for
            // the QUEUED answers before it sends EXEC: two.) The queued commands' answers are only "QUEUED"; EXEC's is
            // the list of their results.
            Response<Object> multi = pipeline.sendCommand(Protocol.Command.MULTI, new String[0]);
            pipeline.sendCommand(Protocol.Command.HINCRBY, key, field, "1");
            pipeline.sendCommand(Protocol.Command.HGETALL, key);
            pipeline.sendCommand(Protocol.Command.PEXPIRE, key, Long.toString(expiryMillis));
            if (cacheKey != null) {
                pipeline.sendCommand(Protocol.Command.GET, cacheKey);
            }
            Response<Object> exec = pipeline.sendCommand(Protocol.Command.EXEC, new String[0]);
            pipeline.sync();
            // A MULTI that Redis refused (an ACL without it) is reported as such, not as the EXEC that followed.
            multi.get();
            replies = exec(exec, client, asked, key, field, expiryMillis, cacheKey);
        }
        Counted counted = count(fields((List<?>) replies.get(1)), slot);
        long capacity = limit.capacity();
        RateLimitDecision decision;
        List<String> cleanup = counted.stale();
        if (counted.used() <= capacity) {
            decision = RateLimitDecision.allow(capacity - counted.used());
        } else {
            decision = RateLimitDecision.reject(Duration.ofNanos(Math.max(
                    1, retryAfter(counted.perSlot(), slot, counted.used() - 1, capacity, slotNanos, nowNanos))));
        }
        Optional<Tidying> tidying = decision.allowed() && cleanup.isEmpty()
                ? Optional.empty()
                : Optional.of(new Tidying(key, decision.allowed() ? null : field, cleanup, expiryMillis));
        Optional<String> cached = cacheKey == null || replies.get(3) == null
                ? Optional.empty()
                : Optional.of(new String((byte[]) replies.get(3), StandardCharsets.UTF_8));
        return new Outcome(decision, cached, tidying);
    }

    /**
     * Counts calls accepted elsewhere in the window at {@code key}, each in the slot it was accepted in
     * ({@code acceptedAgo} before Redis time {@code nowNanos}), skipping those that count no more: one transaction
     * ({@code MULTI}, an {@code HINCRBY} per slot, {@code PEXPIRE}, {@code EXEC}) sent as one pipeline. Not
     * idempotent: when its answer is lost (a timeout after Redis ran it), the caller hands the calls over again and
     * they count twice, which only errs towards rejecting.
     */
    static void add(
            UnifiedJedis client,
            Optional<HostAndPort> asked,
            String key,
            RateLimit limit,
            long nowNanos,
            List<Duration> acceptedAgo) {
        long slotNanos = limit.slotNanos();
        long slot = Math.floorDiv(nowNanos, slotNanos);
        Map<String, Long> callsPerSlot = new HashMap<>();
        for (Duration ago : acceptedAgo) {
            long acceptedIn = Math.floorDiv(nowNanos - ago.toNanos(), slotNanos);
            if (acceptedIn >= slot - RateLimit.WINDOW_SLOTS) {
                callsPerSlot.merge(Long.toString(acceptedIn), 1L, Long::sum);
            }
        }
        if (callsPerSlot.isEmpty()) {
            return;
        }
        long expiryMillis = expiryMillis(slot, slotNanos, nowNanos);
        try (AbstractPipeline pipeline = pipeline(client, asked, key)) {
            Response<Object> multi = pipeline.sendCommand(Protocol.Command.MULTI, new String[0]);
            callsPerSlot.forEach(
                    (field, calls) -> pipeline.sendCommand(Protocol.Command.HINCRBY, key, field, Long.toString(calls)));
            pipeline.sendCommand(Protocol.Command.PEXPIRE, key, Long.toString(expiryMillis));
            Response<Object> exec = pipeline.sendCommand(Protocol.Command.EXEC, new String[0]);
            pipeline.sync();
            multi.get();
            // a refusal while queueing (OOM, READONLY, NOPERM) is reported as itself, as for a decision
            exec(exec, client, asked, key, callsPerSlot.keySet().iterator().next(), expiryMillis, null);
        }
    }

    /** {@code HGETALL}'s flat list of names and values (RESP2, which {@link RedisClients} fixes), as a map. */
    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(
                    new String((byte[]) flat.get(i), StandardCharsets.US_ASCII),
                    new String((byte[]) flat.get(i + 1), StandardCharsets.US_ASCII));
        }
        return fields;
    }

    /**
     * The transaction's results. When Redis refused a command of it while queueing (out of memory, read-only
     * replica, snapshot error, ACL), Redis 6 answers {@code EXEC} with a bare {@code EXECABORT} that no longer says
     * why; the same commands sent again outside a transaction in a way that changes nothing ({@code HINCRBY} by 0, the
     * same expiry, the reads) then get the refusal itself, so that it is reported and remembered as what it is.
     */
    private static List<?> exec(
            Response<Object> exec,
            UnifiedJedis client,
            Optional<HostAndPort> asked,
            String key,
            String field,
            long expiryMillis,
            String cacheKey) {
        try {
            List<?> replies = (List<?>) exec.get();
            if (replies == null) {
                throw new JedisDataException("EXEC answered nothing");
            }
            for (Object reply : replies) {
                if (reply instanceof JedisDataException error) {
                    throw error;
                }
            }
            return replies;
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("EXECABORT")) {
                throwWhatWasRefused(client, asked, key, field, expiryMillis, cacheKey);
            }
            throw e;
        }
    }

    private static void throwWhatWasRefused(
            UnifiedJedis client,
            Optional<HostAndPort> asked,
            String key,
            String field,
            long expiryMillis,
            String cacheKey) {
        List<Response<?>> probes = new ArrayList<>();
        try (AbstractPipeline pipeline = pipeline(client, asked, key)) {
            probes.add(pipeline.hincrBy(key, field, 0));
            probes.add(pipeline.hgetAll(key));
            probes.add(pipeline.pexpire(key, expiryMillis));
            if (cacheKey != null) {
                probes.add(pipeline.get(cacheKey));
            }
            pipeline.sync();
        }
        for (Response<?> probe : probes) {
            probe.get();
        }
    }

    /**
     * Takes a rejected call's count back and deletes fields that no longer count, in one more round trip, with the
     * key's expiry again (a key evicted in between would otherwise come back without one). Best effort: the decision
     * is made, and a failure here only leaves the window counting a call more, or a stale field longer, so it is
     * logged and the decision stands. Failing the call for it would hand it to the local limiter, which could accept
     * a call Redis's window has just rejected; so it runs after the decision's timed call, never inside it.
     */
    static void tidy(UnifiedJedis client, Tidying tidying) {
        List<Response<?>> replies = new ArrayList<>(3);
        String key = tidying.key();
        String takeBack = tidying.takeBack();
        List<String> stale = tidying.stale();
        try (AbstractPipeline pipeline = pipeline(client, Optional.empty(), key)) {
            if (takeBack != null) {
                replies.add(pipeline.hincrBy(key, takeBack, -1));
            }
            if (!stale.isEmpty()) {
                replies.add(pipeline.hdel(key, stale.toArray(String[]::new)));
            }
            replies.add(pipeline.pexpire(key, tidying.expiryMillis()));
            pipeline.sync();
            for (Response<?> reply : replies) {
                reply.get(); // an error reply (OOM, NOPERM) is only thrown here
            }
        } catch (RuntimeException e) {
            // Without the exception's text: a driver's message can name the host.
            LOG.warn(
                    "A Redis rate-limit window could not be tidied after its decision ({}): it counts {} longer",
                    RedisRefusal.of(e)
                            .map(RedisRefusal::reason)
                            .orElse(e.getClass().getSimpleName()),
                    takeBack != null ? "a rejected call" : "stale slots");
        }
    }

    /** Milliseconds until slot {@code slot} has left the window, rounded up, plus the slack. */
    private static long expiryMillis(long slot, long slotNanos, long nowNanos) {
        long untilGone = (slot + RateLimit.WINDOW_SLOTS + 1) * slotNanos - nowNanos;
        return untilGone / 1_000_000 + 1 + EXPIRY_SLACK_MILLIS;
    }

    /**
     * Nanoseconds until enough of the oldest slots have left the window for one more call, {@code used} calls
     * counting now: slot {@code s} stops counting when slot {@code s + WINDOW_SLOTS + 1} begins.
     */
    private static long retryAfter(long[] perSlot, long slot, long used, long capacity, long slotNanos, long nowNanos) {
        long left = used;
        for (int i = 0; i < perSlot.length; i++) {
            left -= perSlot[i];
            if (left < capacity) {
                long index = slot - RateLimit.WINDOW_SLOTS + i;
                return (index + RateLimit.WINDOW_SLOTS + 1) * slotNanos - nowNanos;
            }
        }
        // Only calls counted in slots still to come (a clock that went back): wait one whole window.
        return (long) RateLimit.WINDOW_SLOTS * slotNanos;
    }

    /**
     * The calls that count in slot {@code slot}, per slot (oldest first, the current one last, the current one
     * without this call's count for {@link #retryAfter}), and the fields that no longer count: slots that left the
     * window, and slots more than a window ahead (Redis's clock went back).
     */
    private static Counted count(Map<String, String> fields, long slot) {
        long oldest = slot - RateLimit.WINDOW_SLOTS;
        long[] perSlot = new long[RateLimit.WINDOW_SLOTS + 1];
        long used = 0;
        List<String> stale = List.of();
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            long index;
            long calls;
            try {
                index = Long.parseLong(entry.getKey());
                calls = Long.parseLong(entry.getValue());
            } catch (NumberFormatException e) {
                index = Long.MIN_VALUE;
                calls = 0;
            }
            // Further ahead than a window: Redis's clock went back a long way (a failover to a server whose clock
            // is behind). It would count for ever, so it goes like a slot that left the window.
            if (index < oldest || index > slot + RateLimit.WINDOW_SLOTS) {
                if (stale.isEmpty()) {
                    stale = new ArrayList<>();
                }
                stale.add(entry.getKey());
                continue;
            }
            used += calls;
            if (index <= slot) {
                perSlot[(int) (index - oldest)] += calls;
            }
        }
        perSlot[perSlot.length - 1] -= 1;
        return new Counted(used, perSlot, stale);
    }

    private record Counted(long used, long[] perSlot, List<String> stale) {}
}
