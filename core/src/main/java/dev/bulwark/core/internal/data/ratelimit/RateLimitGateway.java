package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.ratelimit.RateLimitedRead;
import dev.bulwark.ports.time.Ticker;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core asks for a rate-limit decision: the shared store, or this instance's share of the limit while
 * it fails. Thread-safe if the stores are.
 */
public final class RateLimitGateway {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitGateway.class);
    /**
     * How many other windows' calls decided alone a decision of the primary hands to it, besides its own window's:
     * each costs a round trip, and a window with calls is handed over before its own next decision anyway.
     */
    static final int OTHER_WINDOWS_HANDED_OVER = 2;

    private final RateLimitStore primary;
    private final InMemoryRateLimitStore localFallback;
    private final double fallbackShare;
    private final Map<RateLimit, RateLimit> shares = new ConcurrentHashMap<>();
    private final ThrottledWarning fellBack;
    private final RateLimitedRead readAlong;
    /** What the local store accepted while the primary failed, until the primary counts it; null without one. */
    private final CallsDecidedAlone decidedAlone;
    /**
     * Whether the primary's last answer was a failure: a decision then skips handing its window's calls over first,
     * which would cost it a copy of them and a failure more while the outage lasts.
     */
    private volatile boolean primaryFailing;

    /** A gateway whose fallback holds the whole limit, warning on the system clock. */
    public RateLimitGateway(RateLimitStore primary, InMemoryRateLimitStore localFallback) {
        this(primary, localFallback, Ticker.system(), 1.0, null);
    }

    /**
     * A gateway whose local fallback holds {@code fallbackShare} of each limit, and whose fallback warning is
     * throttled on {@code ticker} (at most one every 10 s).
     *
     * @param fallbackShare the share of each limit the local store allows when the primary fails, in (0, 1]
     */
    public RateLimitGateway(
            RateLimitStore primary, InMemoryRateLimitStore localFallback, Ticker ticker, double fallbackShare) {
        this(primary, localFallback, ticker, fallbackShare, null);
    }

    /**
     * A gateway whose local fallback holds {@code fallbackShare} of each limit, and whose fallback warning is
     * throttled on {@code ticker} (at most one every 10 s).
     *
     * @param fallbackShare the share of each limit the local store allows when the primary fails, in (0, 1]
     * @param readAlong the primary's way to read the cache in the same trip, or {@code null} when it has none
     */
    public RateLimitGateway(
            RateLimitStore primary,
            InMemoryRateLimitStore localFallback,
            Ticker ticker,
            double fallbackShare,
            RateLimitedRead readAlong) {
        this.readAlong = readAlong;
        this.primary = Objects.requireNonNull(primary, "primary");
        this.localFallback = Objects.requireNonNull(localFallback, "localFallback");
        if (!(fallbackShare > 0 && fallbackShare <= 1)) {
            throw new IllegalArgumentException("fallbackShare must be in (0, 1], was " + fallbackShare);
        }
        this.fallbackShare = fallbackShare;
        this.fellBack = new ThrottledWarning(
                LOG,
                "Rate-limit store failed, deciding with the local limiter (this"
                        + " instance's share of the limit): {}",
                ticker,
                ThrottledWarning.DEFAULT_INTERVAL);
        this.decidedAlone = new CallsDecidedAlone(ticker, CallsDecidedAlone.MAX_WINDOWS);
    }

    /**
     * The gateway of a server: over {@code shared} with the local limiter as its fallback (reading the cache along
     * with each decision when {@code shared} can, see {@link RateLimitStore#readsAlongWith}), or over the local
     * limiter alone when there is no shared store.
     *
     * @param shared the shared store, or {@code null}
     */
    public static RateLimitGateway of(
            RateLimitStore shared,
            InMemoryRateLimitStore local,
            Ticker ticker,
            double fallbackShare,
            CacheStore cacheStore) {
        return shared == null
                ? local(local)
                : new RateLimitGateway(
                        shared,
                        local,
                        ticker,
                        fallbackShare,
                        shared.readsAlongWith(cacheStore).orElse(null));
    }

    /** A gateway over one local store, with nothing to fall back to: the store holds the whole limit. */
    public static RateLimitGateway local(RateLimitStore store) {
        return new RateLimitGateway(store);
    }

    private RateLimitGateway(RateLimitStore only) {
        this.primary = Objects.requireNonNull(only, "store");
        this.readAlong = null;
        this.localFallback = null;
        this.fallbackShare = 1.0;
        this.fellBack = null;
        this.decidedAlone = null;
    }

    public RateLimitDecision decide(String key, RateLimit limit) {
        return decideApplying(key, limit).decision();
    }

    /**
     * Decides like {@link #decide}, saying which limit the decision applied: {@code limit}, or this instance's share
     * of it when the primary failed (a rejection quotes it). Nothing is read.
     */
    public DecisionWithRead decideApplying(String key, RateLimit limit) {
        if (localFallback == null) {
            return new DecisionWithRead(primary.tryAcquire(key, limit), limit, Optional.empty());
        }
        RateLimitDecision decision;
        try {
            handOverFirst(key);
            decision = primary.tryAcquire(key, limit);
        } catch (RuntimeException e) {
            return new DecisionWithRead(fallBack(key, limit, e), shareOf(limit), Optional.empty());
        }
        accepted(key, limit, decision);
        return new DecisionWithRead(decision, limit, Optional.empty());
    }

    /** Whether {@link #decideAndRead} reads the cache in the same trip as the decision. */
    public boolean readsAlong() {
        return readAlong != null;
    }

    /**
     * Decides like {@link #decide} and, in the same trip to the primary store, reads {@code cacheKey}. The read is
     * empty when there was none: the primary offers no such trip, or it failed (the decision is then the local
     * store's).
     *
     * @return the decision, and what the cache held under {@code cacheKey} if it was read
     */
    public DecisionWithRead decideAndRead(String key, RateLimit limit, String cacheKey) {
        if (readAlong == null) {
            return decideApplying(key, limit);
        }
        RateLimitedRead.DecisionAndRead both;
        try {
            handOverFirst(key);
            both = readAlong.tryAcquireAndGet(key, limit, cacheKey);
        } catch (RuntimeException e) {
            return new DecisionWithRead(fallBack(key, limit, e), shareOf(limit), Optional.empty());
        }
        accepted(key, limit, both.decision());
        return new DecisionWithRead(both.decision(), limit, Optional.of(both.cached()));
    }

    /**
     * A decision, the limit it applied, and the cache read that travelled with it.
     *
     * @param decision the rate-limit decision
     * @param applied the limit asked for, or this instance's share of it when the local limiter decided
     * @param read what the cache held, if it was read (empty: not read; present and empty: nothing there)
     */
    public record DecisionWithRead(RateLimitDecision decision, RateLimit applied, Optional<Optional<String>> read) {}

    /**
     * Decides with the local store alone because the primary failed with {@code failure}; for a caller that asked
     * the primary another way (together with a cache read) and saw it fail.
     */
    public RateLimitDecision fallBack(String key, RateLimit limit, RuntimeException failure) {
        if (localFallback == null) {
            throw failure;
        }
        fellBack.warn(failure);
        primaryFailing = true;
        RateLimitDecision decision = localFallback.tryAcquire(key, shareOf(limit));
        if (decision.allowed()) {
            decidedAlone.accepted(key, limit);
        }
        return decision;
    }

    /** Tells the gateway that the primary decided {@code decision} another way, so the local store can count it. */
    public void accepted(String key, RateLimit limit, RateLimitDecision decision) {
        if (localFallback == null) {
            return;
        }
        if (decision.allowed()) {
            localFallback.record(key, shareOf(limit));
        }
        // the primary answers again: a few other windows' calls decided alone go to it too
        if (primaryFailing) {
            primaryFailing = false;
        }
        decidedAlone.handOverSome(primary, OTHER_WINDOWS_HANDED_OVER);
    }

    /** Hands the calls {@code key}'s window had decided alone to the primary before its decision, once it answers. */
    private void handOverFirst(String key) {
        if (!primaryFailing) {
            decidedAlone.handOver(key, primary);
        }
    }

    private RateLimit shareOf(RateLimit limit) {
        if (fallbackShare == 1.0) {
            return limit;
        }
        RateLimit share = shares.get(limit);
        if (share == null) {
            // Limits are few (the default and each tool's own): the map stays small.
            share = shares.computeIfAbsent(limit, whole -> whole.share(fallbackShare));
        }
        return share;
    }
}
