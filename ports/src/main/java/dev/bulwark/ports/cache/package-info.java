/**
 * The key-value store the response cache is built on.
 *
 * <p><b>{@link CacheStore}</b>: A key-value store with per-entry time to live, used by the core's response cache.
 *
 * <p>Keys are opaque strings chosen by the core (already namespaced and hashed); values are UTF-8 text (JSON). An
 * implementation must be thread-safe. It may evict entries early (size bound, memory pressure) but must never
 * return an entry after its TTL has passed.
 *
 * <p>Failures are reported as {@link dev.bulwark.ports.DependencyUnavailableException}; the core treats them as
 * misses and never fails a tool call because of the cache.
 */
package dev.bulwark.ports.cache;
