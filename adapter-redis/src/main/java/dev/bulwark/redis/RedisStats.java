package dev.bulwark.redis;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The adapter's running counts, published by {@link RedisMetrics}: kept here, not in a meter registry, so the stores
 * work without one. Thread-safe.
 */
final class RedisStats {

    private final Map<RedisOperation, LongAdder> calls = counters();
    private final Map<RedisOperation, LongAdder> errors = counters();
    private final LongAdder allowed = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    private static Map<RedisOperation, LongAdder> counters() {
        Map<RedisOperation, LongAdder> map = new EnumMap<>(RedisOperation.class);
        for (RedisOperation operation : RedisOperation.values()) {
            map.put(operation, new LongAdder());
        }
        return map;
    }

    void call(RedisOperation operation) {
        calls.get(operation).increment();
    }

    void error(RedisOperation operation) {
        errors.get(operation).increment();
    }

    void decision(boolean wasAllowed) {
        (wasAllowed ? allowed : rejected).increment();
    }

    /** Calls of {@code operation} so far, failed ones included. */
    double calls(RedisOperation operation) {
        return calls.get(operation).sum();
    }

    /** Failed calls of {@code operation} so far: errors, timeouts, and calls refused by the open breaker. */
    double errors(RedisOperation operation) {
        return errors.get(operation).sum();
    }

    /** Rate-limit decisions Redis made, allowed ({@code true}) or rejected. */
    double decisions(boolean wereAllowed) {
        return (wereAllowed ? allowed : rejected).sum();
    }
}
