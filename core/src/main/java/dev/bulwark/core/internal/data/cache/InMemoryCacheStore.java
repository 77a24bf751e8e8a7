package dev.bulwark.core.internal.data.cache;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CacheStore} in this process's memory, bounded in entries (least recently used evicted first) and
 * honouring each entry's TTL. The embedded default when no shared cache is configured. Thread-safe: every
 * operation holds one lock, which is cheap next to the tool calls it saves.
 */
public final class InMemoryCacheStore implements CacheStore {

    private final int maxEntries;
    private final Ticker ticker;
    private final LinkedHashMap<String, Entry> entries;

    public InMemoryCacheStore(int maxEntries, Ticker ticker) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > InMemoryCacheStore.this.maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.isExpiredAt(ticker.nanoTime())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
        }
        entries.put(key, new Entry(value, ticker.nanoTime() + ttl.toNanos()));
    }

    @Override
    public synchronized void invalidate(String key) {
        entries.remove(key);
    }

    /** Entries currently held, expired ones included until they are next touched. */
    public synchronized int size() {
        return entries.size();
    }

    private record Entry(String value, long expiresAtNanos) {
        boolean isExpiredAt(long nowNanos) {
            return nowNanos - expiresAtNanos >= 0;
        }
    }
}
