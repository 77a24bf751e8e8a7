package dev.bulwark.core.internal.data.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The keys whose invalidation the store refused, kept until a retried delete succeeds. Thread-safe.
 */
final class PendingInvalidations {

    private final int capacity;
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    /**
     * Each key carries the generation of its latest failed invalidation, so a retry that succeeded before a newer
     * invalidation of the same key failed does not clear the newer one.
     */
    private final AtomicLong generations = new AtomicLong();

    PendingInvalidations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Remembers {@code key}; false when the set is full and it was not kept (a key already kept always fits). */
    boolean add(String key) {
        if (keys.size() >= capacity && !keys.containsKey(key)) {
            return false;
        }
        keys.put(key, generations.incrementAndGet());
        return true;
    }

    boolean contains(String key) {
        return keys.containsKey(key);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    int size() {
        return keys.size();
    }

    /**
     * Deletes {@code key} with {@code delete} if it is pending, and forgets it once that succeeded.
     *
     * @throws RuntimeException what {@code delete} threw; the key stays pending
     */
    void retry(String key, Consumer<String> delete) {
        Long generation = keys.get(key);
        if (generation != null) {
            delete.accept(key);
            keys.remove(key, generation);
        }
    }

    /**
     * Retries every pending key, stopping at the first failure (the store is still failing: the rest would fail
     * too).
     *
     * @return true when none is left pending
     */
    boolean retryAll(Consumer<String> delete) {
        for (Map.Entry<String, Long> entry : keys.entrySet()) {
            try {
                delete.accept(entry.getKey());
            } catch (RuntimeException stillFailing) {
                return false;
            }
            keys.remove(entry.getKey(), entry.getValue());
        }
        return keys.isEmpty();
    }
}
