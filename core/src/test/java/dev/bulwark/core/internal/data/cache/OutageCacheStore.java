package dev.bulwark.core.internal.data.cache;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cache store over another that fails on demand, as an adapter does while its backend is unreachable: every
 * operation, or only deletes ({@link #failDeletes}), throw {@link DependencyUnavailableException} until
 * {@link #recover}. Counts the lookups that reached the backend. Thread-safe.
 */
public final class OutageCacheStore implements CacheStore {

    private final CacheStore backend;
    private final AtomicInteger gets = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean deletesFail;

    public OutageCacheStore(CacheStore backend) {
        this.backend = backend;
    }

    /** Every operation fails from now on. */
    public void fail() {
        down = true;
    }

    /** Deletes fail from now on; lookups and writes work. */
    public void failDeletes() {
        deletesFail = true;
    }

    /** Every operation works again. */
    public void recover() {
        down = false;
        deletesFail = false;
    }

    /** Lookups that reached the backend. */
    public int gets() {
        return gets.get();
    }

    @Override
    public Optional<String> get(String key) {
        check(false);
        gets.incrementAndGet();
        return backend.get(key);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        check(false);
        backend.put(key, value, ttl);
    }

    @Override
    public void invalidate(String key) {
        check(true);
        backend.invalidate(key);
    }

    private void check(boolean delete) {
        if (down || (delete && deletesFail)) {
            throw new DependencyUnavailableException("redis", "circuit breaker open, not tried");
        }
    }
}
