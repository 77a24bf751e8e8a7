package dev.bulwark.redis;

import java.util.Optional;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Why Redis refused a command because of its own state or configuration, in fixed words safe to log.
 */
enum RedisRefusal {

    /** {@code OOM}: {@code maxmemory} reached with the {@code noeviction} policy; reads still work. */
    OUT_OF_MEMORY("Redis refuses writes: out of memory (maxmemory reached with the noeviction policy)"),

    /** {@code READONLY}: the URL names a replica. */
    READ_ONLY("Redis refuses writes: it is a read-only replica (the Redis URL must name the primary)"),

    /** {@code MISCONF}: Redis cannot save its snapshot and {@code stop-writes-on-bgsave-error} is on. */
    CANNOT_PERSIST("Redis refuses writes: it cannot save its snapshot to disk (MISCONF)"),

    /**
     * {@code MOVED}, {@code ASK}, {@code CROSSSLOT}, {@code CLUSTERDOWN}: a {@code redis://} URL names a node of a
     * Redis Cluster, or the Cluster of a {@code redis-cluster://} URL is resharding or failing over.
     */
    CLUSTER("Redis answered as a node of a Redis Cluster (MOVED, ASK, CROSSSLOT or CLUSTERDOWN): name a Cluster with"
            + " redis-cluster:// (docs/operations.md, Topologies); with redis-cluster://, it is resharding or failing"
            + " over"),

    /** {@code NOPERM}: the ACL user may not run a command Bulwark sends. */
    NOT_PERMITTED("command not permitted to the Redis user (NOPERM: its ACL needs every command Bulwark runs,"
            + " those of the rate-limit transaction included: MULTI, EXEC, HINCRBY, HGETALL, HDEL, PEXPIRE, TIME)");

    private final String reason;

    RedisRefusal(String reason) {
        this.reason = reason;
    }

    /** What Redis refuses and why, in words; names no host, user or key. */
    String reason() {
        return reason;
    }

    /**
     * The refusal {@code cause} reports, if it is one. Redis starts the error with its code ({@code OOM ...}); an
     * error raised inside a script carries the code after the script's position ({@code ...: -OOM ...}), and
     * Redis 6 words a script's ACL refusal without {@code NOPERM}.
     */
    static Optional<RedisRefusal> of(Throwable cause) {
        if (!(cause instanceof JedisDataException) || cause.getMessage() == null) {
            return Optional.empty();
        }
        String message = cause.getMessage();
        if (hasCode(message, "OOM")) {
            return Optional.of(OUT_OF_MEMORY);
        }
        if (hasCode(message, "READONLY")) {
            return Optional.of(READ_ONLY);
        }
        if (hasCode(message, "MISCONF")) {
            return Optional.of(CANNOT_PERSIST);
        }
        if (hasCode(message, "MOVED")
                || hasCode(message, "ASK")
                || hasCode(message, "CROSSSLOT")
                || hasCode(message, "CLUSTERDOWN")) {
            return Optional.of(CLUSTER);
        }
        if (hasCode(message, "NOPERM") || message.contains("can't run this command")) {
            return Optional.of(NOT_PERMITTED);
        }
        return Optional.empty();
    }

    private static boolean hasCode(String message, String code) {
        return message.startsWith(code + " ") || message.contains("-" + code + " ");
    }
}
