/**
 * Cache access: the in-memory store and the facade that turns cache failures into misses.
 *
 * <p><b>{@link CacheGateway}</b>: The one way the core talks to a {@link CacheStore}. A failing store never fails a
 * call: a failed lookup is a miss, a failed write is skipped, and both are counted in {@code
 * mcp_cache_requests_total{result="error"}} and logged (each kind of failure at most once every 10 s, with the
 * count in between, so an outage under load does not flood the log).
 *
 * <p>A failed invalidation is not forgotten: its entry may still be in the store and must not be served once the
 * store answers again. The key is kept pending (at most {@value CacheGateway#MAX_PENDING_INVALIDATIONS} keys) and
 * its delete is retried every {@link CacheGateway#RETRY_INTERVAL} until it succeeds, so other instances sharing the
 * store stop seeing the old entry soon after the store is back. Until then this instance never reads nor writes
 * that key: a lookup tries the delete again and is a miss either way, and a write is skipped (it could hold a value
 * computed before the write that made the entry stale). When more keys fail than are kept, the ones that did not
 * fit cannot be tracked: this instance then bypasses the cache entirely (every lookup a miss, nothing stored) for
 * the longest TTL an entry can have (the longest it has stored, at least {@link
 * CacheGateway#OVERFLOW_BYPASS_FLOOR}), after which every entry that was stale has expired; this is logged once
 * when it starts. {@link CacheGateway#close()} stops the retries (by default on a thread of the gateway's own, made
 * on the first failure). Both states are gauges, so an operator can see what the cache is not serving: {@code
 * mcp_cache_pending_invalidations} (the keys kept pending) and {@code mcp_cache_bypassed} (1 while the cache is
 * bypassed). Thread-safe if the store is.
 *
 * <p><b>{@link InMemoryCacheStore}</b>: A {@link CacheStore} in this process's memory, bounded in entries and in
 * bytes (least recently used evicted first) and honouring each entry's TTL. The embedded default when no shared
 * cache is configured. The byte bound keeps a cache of large results from taking the heap: an entry counts two
 * bytes a character of its key and value (the most a Java string takes) plus {@value
 * InMemoryCacheStore#ENTRY_OVERHEAD} of bookkeeping; a value larger than the whole bound is not kept, and evicts
 * nothing. Thread-safe: every operation holds one lock, which is cheap next to the tool calls it saves.
 *
 * <p><b>{@link PendingInvalidations}</b>: The keys whose invalidation the store refused, so their old entries may
 * still be in it: kept until a retried delete succeeds. At most {@code capacity} keys are kept; {@link
 * PendingInvalidations#add} says when one did not fit. Each key carries the generation of its latest failed
 * invalidation, so a retry that succeeded before a newer invalidation of the same key failed does not clear the
 * newer one. Thread-safe.
 */
package dev.bulwark.core.internal.data.cache;
