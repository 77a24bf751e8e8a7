/**
 * Rate-limit budgets: the in-memory sliding-window store and the gateway that falls back to it.
 *
 * <p><b>{@link RateLimitGateway}</b>: The one way the core asks for a rate-limit decision. It asks the primary
 * store (shared, when one is configured) and, when that store fails, the local in-memory store, which then holds
 * only this instance's <b>share</b> of the limit ({@code rate-limit.local-fallback-percent}, at least one call): a
 * broken shared store degrades the limit to a per-instance share, never to "unlimited", and never to a whole fresh
 * budget per instance. The local store also counts every call the shared store accepted for this instance, so an
 * instance that falls back in the middle of a window goes on from what it already spent instead of starting afresh.
 * The fallback is logged at most once every 10 s, with the count in between. The calls the local store accepted
 * alone are handed to the primary once it answers again ({@link CallsDecidedAlone}): a window's before its next
 * decision, and a few others' after each decision that the primary made, so the calls accepted after the outage
 * stay within the limit together with them. When primary and fallback are the same store there is no fallback to
 * take.
 *
 * <p>When the primary store can read the cache in the same round trip ({@link RateLimitedRead}), {@link
 * RateLimitGateway#decideAndRead} decides a cached call and reads its entry at once; when that fails, the decision
 * is the local store's and the read is left to the cache (a second call, which fails fast while the store is down).
 * Thread-safe if the stores are.
 *
 * <p><b>{@link CallsDecidedAlone}</b>: The calls this instance's local limiter accepted while the shared store
 * failed, per window, kept until they are handed to the shared store once it answers again ({@link
 * RateLimitStore#addAccepted}). Its windows then hold them too, so the calls accepted after the outage stay within
 * the limit together with those accepted alone, rather than on top of them. A call older than a window and a slot
 * counts nowhere any more and is dropped. At most {@code maxWindows} windows are kept, so a long outage of many
 * callers cannot fill the heap: the calls of a window beyond that are not kept, which is logged once per outage. A
 * handover whose answer is lost (a timeout after the store counted them) keeps the calls again, and they may count
 * twice: that errs towards rejecting.
 *
 * <p>Thread-safe. While nothing is kept, {@link CallsDecidedAlone#handOver} and {@link
 * CallsDecidedAlone#handOverSome} cost one look at the map's size.
 *
 * <p><b>{@link InMemoryRateLimitStore}</b>: Sliding windows in this process's memory: the default store, and the
 * fallback when a shared store fails.
 *
 * <p>Each key has one {@link SlidingWindow}: the calls accepted in each of the last {@link RateLimit#WINDOW_SLOTS}
 * + 1 slots of its limit (see {@link RateLimit}), on an injected clock. Failsafe's {@code RateLimiter} is one
 * unkeyed limiter per instance on the system clock; Bulwark needs thousands of keyed windows (principal x tool), so
 * this small store exists. Thread-safe: each decision is atomic per key (a short lock per window). The number of
 * windows is bounded: when it passes {@code maxBuckets}, windows in which no call counts any more (and so hold no
 * state worth keeping) are dropped.
 */
package dev.bulwark.core.internal.data.ratelimit;
