package dev.bulwark.core.internal.data.cache;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core talks to a {@link CacheStore}: a failing store never fails a call. Thread-safe if the store
 * is.
 */
public final class CacheGateway implements AutoCloseable {

    /** The most failed invalidations kept for retrying. */
    public static final int MAX_PENDING_INVALIDATIONS = 10_000;
    /** How long after a failure pending invalidations are retried, and again while they fail. */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    /** The shortest time the cache is bypassed when failed invalidations overflow (the default CACHE_TTL). */
    public static final Duration OVERFLOW_BYPASS_FLOOR = Duration.ofMinutes(5);
    /** The name of a lookup's span; its {@link #RESULT} attribute says hit, miss or error. */
    public static final String SPAN_NAME = "bulwark.cache.lookup";
    /** The lookup span's attribute saying how the lookup ended. */
    public static final AttributeKey<String> RESULT = AttributeKey.stringKey("bulwark.cache.result");

    private static final Logger LOG = LoggerFactory.getLogger(CacheGateway.class);
    private static final String METRIC = "mcp.cache.requests";
    /**
     * The no-op API gives one tracer for every name: tracing is off when it is the one given (as the pipeline's
     * {@code TracingInterceptor.isNoop} says, which the data layer may not call).
     */
    private static final Tracer NOOP_TRACER = OpenTelemetry.noop().getTracer("dev.bulwark.core");

    /** Its gauges, removed from {@link #registry} when it closes. */
    private final List<Gauge> gauges;

    private final MeterRegistry registry;
    private final CacheStore store;
    private final Ticker ticker;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final ThrottledWarning lookupFailed;
    private final ThrottledWarning writeFailed;
    private final ThrottledWarning invalidationFailed;
    private final PendingInvalidations pending;
    private final Executor retryLater;
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final AtomicLong longestTtlNanos = new AtomicLong();
    private final AtomicLong bypassUntil;
    /** Whether the cache was ever bypassed: until then no lookup or write reads the clock for it. */
    private volatile boolean bypassArmed;
    /** The thread that retries pending invalidations when no executor was given; guarded by {@code this}. */
    private ScheduledExecutorService ownScheduler;

    private volatile boolean closed;

    /**
     * Where each lookup's span goes; null when tracing is off (the no-op tracer), whose span would record nothing
     * yet cost a span and a context switch on every lookup.
     */
    private final Tracer tracer;

    public CacheGateway(CacheStore store, MeterRegistry registry) {
        this(store, registry, Ticker.system());
    }

    /** A gateway whose failure warnings are throttled on {@code ticker} (at most one per kind every 10 s). */
    public CacheGateway(CacheStore store, MeterRegistry registry, Ticker ticker) {
        this(store, registry, ticker, MAX_PENDING_INVALIDATIONS, null);
    }

    /**
     * A gateway keeping at most {@code maxPending} failed invalidations, which it retries by handing a task to
     * {@code retryLater} (an executor that runs it after a delay; {@code null}: the gateway's own thread, after
     * {@link #RETRY_INTERVAL}, stopped by {@link #close()}).
     */
    public CacheGateway(CacheStore store, MeterRegistry registry, Ticker ticker, int maxPending, Executor retryLater) {
        this(
                store,
                registry,
                ticker,
                maxPending,
                retryLater,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
    }

    /** As above, with each lookup a span of {@code tracer} ({@value #SPAN_NAME}). */
    public CacheGateway(
            CacheStore store,
            MeterRegistry registry,
            Ticker ticker,
            int maxPending,
            Executor retryLater,
            Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer") == NOOP_TRACER ? null : tracer;
        this.store = Objects.requireNonNull(store, "store");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.pending = new PendingInvalidations(maxPending);
        this.retryLater = retryLater != null ? retryLater : this::retryOnOwnThread;
        this.bypassUntil = new AtomicLong(ticker.nanoTime());
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.errors = counter(registry, "error");
        this.gauges = List.of(
                Gauge.builder("mcp.cache.pending.invalidations", pending, PendingInvalidations::size)
                        .description("Cache invalidations that failed and are retried until they succeed; their keys"
                                + " are not read from the cache meanwhile")
                        .strongReference(true)
                        .register(registry),
                Gauge.builder("mcp.cache.bypassed", this, gateway -> gateway.bypassing() ? 1 : 0)
                        .description("1 while this instance bypasses the cache: more invalidations failed than it"
                                + " can keep")
                        .strongReference(true)
                        .register(registry));
        this.registry = registry;
        Duration every = ThrottledWarning.DEFAULT_INTERVAL;
        this.lookupFailed = new ThrottledWarning(LOG, "Cache lookup failed, serving as a miss: {}", ticker, every);
        this.writeFailed = new ThrottledWarning(LOG, "Cache write failed, result not cached: {}", ticker, every);
        this.invalidationFailed = new ThrottledWarning(
                LOG,
                "Cache invalidation failed; the key is not read from"
                        + " the cache and its delete is retried until it succeeds: {}",
                ticker,
                every);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder(METRIC)
                .description("Response cache lookups by result")
                .tag("result", result)
                .register(registry);
    }

    /** The cached value, or empty on a miss or when the store failed. Counted as one hit, miss or error. */
    public Optional<String> lookup(String key) {
        return lookup(key, Function.identity());
    }

    /**
     * The cached value as {@code decode} reads it, or empty on a miss, when the store failed, or when
     * {@code decode} returns {@code null} (unreadable text, counted as a miss). Counted as one hit, miss or error.
     */
    public <T> Optional<T> lookup(String key, Function<String, T> decode) {
        return lookup(key, decode, null);
    }

    /**
     * As {@link #lookup(String, Function)}, but served from {@code prefetched}, the value the store returned for
     * {@code key} a moment ago together with the call's rate-limit decision (see
     * {@link dev.bulwark.ports.ratelimit.RateLimitedRead}), instead of asking the store again; {@code null}: ask it.
     * A key whose invalidation is pending, or a bypassed cache, is a miss either way, as for any lookup.
     */
    public <T> Optional<T> lookup(String key, Function<String, T> decode, Optional<String> prefetched) {
        if (tracer == null) {
            return lookupIn(null, key, decode, prefetched);
        }
        Span span = tracer.spanBuilder(SPAN_NAME).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return lookupIn(span, key, decode, prefetched);
        } finally {
            span.end();
        }
    }

    /** The lookup, its result an attribute of {@code span} ({@code null}: tracing is off). */
    private <T> Optional<T> lookupIn(Span span, String key, Function<String, T> decode, Optional<String> prefetched) {
        Optional<String> text;
        try {
            text = read(key, prefetched);
        } catch (RuntimeException e) {
            errors.increment();
            lookupFailed.warn(e);
            if (span != null) {
                span.setAttribute(RESULT, "error");
            }
            return Optional.empty();
        }
        Optional<T> value = text.map(decode);
        (value.isPresent() ? hits : misses).increment();
        if (span != null) {
            span.setAttribute(RESULT, value.isPresent() ? "hit" : "miss");
        }
        return value;
    }

    /** Counts a call answered with the result of a concurrent identical call: a hit, as its caller is told. */
    public void countSharedResult() {
        hits.increment();
    }

    private Optional<String> read(String key, Optional<String> prefetched) {
        if (bypassing()) {
            return Optional.empty();
        }
        if (pending.contains(key)) {
            // The entry may be one a committed write could not evict: delete it rather than read it. Either way this
            // call is served as a miss (counted as an error, like any lookup, when the store still fails).
            pending.retry(key, store::invalidate);
            return Optional.empty();
        }
        return prefetched != null ? prefetched : store.get(key);
    }

    /**
     * Stores the value; a failing store is logged and skipped. Skipped too while the key's invalidation is pending,
     * or while the cache is bypassed.
     */
    public void store(String key, String value, Duration ttl) {
        longestTtlNanos.accumulateAndGet(cappedNanos(ttl), Math::max);
        if (bypassing() || pending.contains(key)) {
            return;
        }
        try {
            store.put(key, value, ttl);
        } catch (RuntimeException e) {
            errors.increment();
            writeFailed.warn(e);
        }
    }

    /**
     * Removes the entry. When the store fails, the failure is logged and the key is kept pending: not read from the
     * cache by this instance, and deleted again until that succeeds. A write of a pending key is skipped too: it
     * could hold a value computed before the write that made the entry stale. When more keys fail than are kept,
     * the cache is bypassed for the longest TTL an entry can have, after which every stale entry has expired.
     */
    public void invalidate(String key) {
        try {
            if (pending.contains(key)) {
                pending.retry(key, store::invalidate);
            } else {
                store.invalidate(key);
            }
        } catch (RuntimeException e) {
            errors.increment();
            invalidationFailed.warn(e);
            if (!pending.add(key)) {
                bypassForLongestTtl();
            }
            retryPendingLater();
        }
    }

    /** Runs {@code task} after {@link #RETRY_INTERVAL} on the gateway's own daemon thread, made when first needed. */
    private void retryOnOwnThread(Runnable task) {
        ScheduledExecutorService scheduler;
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("the cache gateway is closed");
            }
            if (ownScheduler == null) {
                ownScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "bulwark-cache-retry");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            scheduler = ownScheduler;
        }
        scheduler.schedule(task, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops retrying pending invalidations: the store may be closed next. Entries still pending expire by TTL. Its
     * gauges leave the registry, so a server built again on the same registry reports its own.
     */
    @Override
    public void close() {
        ScheduledExecutorService scheduler;
        synchronized (this) {
            closed = true;
            scheduler = ownScheduler;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        gauges.forEach(registry::remove);
    }

    private void retryPendingLater() {
        if (!pending.isEmpty() && !closed && retryScheduled.compareAndSet(false, true)) {
            try {
                retryLater.execute(this::retryPending);
            } catch (RejectedExecutionException e) {
                retryScheduled.set(false);
                LOG.debug("Pending cache invalidations not retried now: {}", e.toString());
            }
        }
    }

    private void retryPending() {
        retryScheduled.set(false);
        if (closed) {
            return;
        }
        int before = pending.size();
        if (pending.retryAll(store::invalidate)) {
            LOG.info("Cache store answers again: {} pending invalidation(s) done", before);
        } else {
            retryPendingLater();
        }
    }

    private void bypassForLongestTtl() {
        long now = ticker.nanoTime();
        long until = now + Math.max(longestTtlNanos.get(), OVERFLOW_BYPASS_FLOOR.toNanos());
        long previous = bypassUntil.getAndAccumulate(until, (a, b) -> a - b < 0 ? b : a);
        bypassArmed = true;
        if (previous - now <= 0) {
            LOG.warn(
                    "More than {} cache invalidations failed and are pending; the cache is bypassed by this"
                            + " instance for {} s (every lookup a miss, nothing stored), until every entry that may be"
                            + " stale has expired",
                    pending.size(),
                    Duration.ofNanos(until - now).toSeconds());
        }
    }

    /** The TTL in nanoseconds, capped far below overflow (a quarter of the {@link Ticker}'s range). */
    private static long cappedNanos(Duration ttl) {
        long cap = Long.MAX_VALUE / 4;
        return ttl.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : ttl.toNanos();
    }

    private boolean bypassing() {
        return bypassArmed && ticker.nanoTime() - bypassUntil.get() < 0;
    }
}
