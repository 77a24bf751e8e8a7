/**
 * The store that holds rate-limit budgets, local to one process or shared by many.
 *
 * <p><b>{@link RateLimit}</b>: A rate limit that means what it says: {@code RateLimit.perMinute(100)} accepts <b>at
 * most 100 calls in any minute</b> (a sliding window, not a calendar minute), and all 100 may come at once. A call
 * counts against the budget from when it is accepted until one window has passed, and at most one {@linkplain
 * RateLimit#WINDOW_SLOTS tenth} of the window longer: stores count calls in ten slots per window and round in the
 * caller's disfavour, so the promise is never broken, and a caller who keeps spending the whole budget gets it back
 * one window plus at most one slot after spending it.
 *
 * <p>{@code extraBurst} (0 unless asked for) lets more than {@code permits} calls come at once without raising the
 * average: the window then holds {@code permits + extraBurst} calls and is stretched to {@code period × (permits +
 * extraBurst) / permits}, so any window of {@code period} accepts at most {@code permits + extraBurst} calls and
 * any long stretch of time at most {@code permits} per {@code period} on average. {@code
 * perMinute(100).withExtraBurst(20)}: 120 at once, then the next call once 72 s have passed.
 *
 * <p>Immutable and thread-safe.
 *
 * <p><b>{@link RateLimitStore}</b>: Holds rate-limit windows and decides each call atomically. An in-process
 * implementation serves one server; a shared one (Redis) lets N server instances enforce a single budget, so N
 * instances with a limit of L accept at most L calls in any window in total, not N x L.
 *
 * <p>Every implementation has the semantics {@link RateLimit} describes: at most {@link RateLimit#capacity()} calls
 * accepted in any window of {@link RateLimit#windowNanos()}, counted in {@link RateLimit#WINDOW_SLOTS} slots per
 * window, rounding in the caller's disfavour (a call counts until one window and at most one slot have passed). The
 * contract suite {@code dev.bulwark.test.contract.RateLimitStoreContract} of the test kit checks it.
 *
 * <p>Implementations must be thread-safe and make each decision atomically. Failures are reported as {@link
 * dev.bulwark.ports.DependencyUnavailableException}; the core then falls back to a local limiter holding a share of
 * the limit, never to "unlimited".
 *
 * <p><b>{@link RateLimitedRead}</b>: A capability a {@link RateLimitStore} may offer ({@link
 * RateLimitStore#readsAlongWith}): a rate-limit decision and a cache read in one trip to a store that holds both,
 * for a cached tool call, which otherwise costs two (the decision, then the lookup). The core uses it when the
 * store offers it and falls back to two calls otherwise.
 *
 * <p>The decision has exactly the semantics of {@link RateLimitStore#tryAcquire}; the read those of {@link
 * dev.bulwark.ports.cache.CacheStore#get} on the cache store it was obtained for. The read happens whatever the
 * decision (the core ignores it for a rejected call). Failures are reported as {@link
 * dev.bulwark.ports.DependencyUnavailableException}, for both halves at once: the core then decides with its local
 * limiter and looks the key up on its own. Implementations must be thread-safe.
 *
 * <p><b>{@link RateLimitDecision}</b>: The answer of a {@link RateLimitStore} for one call: allowed or not, how
 * many calls the window still holds, and when a rejected caller may retry. Immutable.
 */
package dev.bulwark.ports.ratelimit;
