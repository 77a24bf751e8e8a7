package dev.bulwark.core.internal.data.cache;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CacheStore} in this process's memory, bounded in entries and bytes, honouring each entry's TTL.
 * Thread-safe.
 */
public final class InMemoryCacheStore implements CacheStore {

    /** The bytes an entry is counted beyond its characters: the map's node, the entry and the strings' headers. */
    static final int ENTRY_OVERHEAD = 160;

    private final int maxEntries;
    /** An entry counts two bytes a character of its key and value (the most a Java string takes) and its overhead. */
    private final long maxBytes;

    private final Ticker ticker;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** A store bounded in entries and in a quarter of the heap the JVM may grow to ({@link Runtime#maxMemory()}). */
    public InMemoryCacheStore(int maxEntries, Ticker ticker) {
        this(maxEntries, Runtime.getRuntime().maxMemory() / 4, ticker);
    }

    /**
     * @param maxEntries the most entries held, at least 1
     * @param maxBytes the most bytes the entries are counted as together, at least 1
     */
    public InMemoryCacheStore(int maxEntries, long maxBytes, Ticker ticker) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.isExpiredAt(ticker.nanoTime())) {
            remove(key);
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
        long weight = weightOf(key, value);
        if (weight > maxBytes) {
            remove(key); // too big to keep: the key's older value must not be served in its place
            return;
        }
        Entry replaced = entries.put(key, new Entry(value, ticker.nanoTime() + ttl.toNanos(), weight));
        bytes += weight - (replaced == null ? 0 : replaced.bytes());
        Iterator<Entry> eldestFirst = entries.values().iterator();
        while (entries.size() > maxEntries || bytes > maxBytes) {
            bytes -= eldestFirst.next().bytes(); // the entry just put is the most recent: it is never reached
            eldestFirst.remove();
        }
    }

    @Override
    public synchronized void invalidate(String key) {
        remove(key);
    }

    /** Entries currently held, expired ones included until they are next touched. */
    public synchronized int size() {
        return entries.size();
    }

    /** The bytes the entries held now are counted as. */
    public synchronized long bytes() {
        return bytes;
    }

    private void remove(String key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            bytes -= removed.bytes();
        }
    }

    private static long weightOf(String key, String value) {
        return 2L * (key.length() + value.length()) + ENTRY_OVERHEAD;
    }

    private record Entry(String value, long expiresAtNanos, long bytes) {
        boolean isExpiredAt(long nowNanos) {
            return nowNanos - expiresAtNanos >= 0;
        }
    }
}
