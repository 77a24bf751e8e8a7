package dev.bulwark.ports.ratelimit;

/**
 * Holds token buckets and takes one token atomically per decision. An in-process implementation serves one
 * server; a shared one (Redis) lets N server instances enforce a single budget, so N instances with a limit of
 * L accept at most L calls in total, not N x L.
 *
 * <p>Implementations must be thread-safe and make each decision atomically. Failures are reported as
 * {@link dev.bulwark.ports.DependencyUnavailableException}; the core then falls back to a local limiter, never to
 * "unlimited".
 */
public interface RateLimitStore {

    /**
     * Takes one token from the bucket named {@code key}, creating it full if it does not exist.
     *
     * @param key the bucket, already scoped by the core (for example principal and tool)
     * @param limit the bucket's refill rate and capacity
     * @return whether the call is allowed, and when to retry if not
     */
    RateLimitDecision tryAcquire(String key, RateLimit limit);
}
