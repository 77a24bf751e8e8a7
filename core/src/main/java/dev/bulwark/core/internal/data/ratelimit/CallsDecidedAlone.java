package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls the local limiter accepted while the shared store failed, kept until they are handed to it.
 * Thread-safe.
 */
final class CallsDecidedAlone {

    /** The most windows kept by default. */
    static final int MAX_WINDOWS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitGateway.class);

    private final Ticker ticker;
    private final int maxWindows;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    /** Set once the shared store said it cannot count them: nothing is kept from then on. */
    private volatile boolean storeCannotCount;

    CallsDecidedAlone(Ticker ticker, int maxWindows) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be at least 1, was " + maxWindows);
        }
        this.maxWindows = maxWindows;
    }

    /** The local limiter accepted a call of the window {@code key}, whose whole limit is {@code limit}. */
    void accepted(String key, RateLimit limit) {
        if (storeCannotCount) {
            return;
        }
        long now = ticker.nanoTime();
        while (true) {
            Window window = windows.get(key);
            if (window == null) {
                if (windows.size() >= maxWindows) {
                    windows.values().removeIf(kept -> kept.closeIfCountsNoMoreAt(now));
                    if (windows.size() >= maxWindows) {
                        warnFull();
                        return;
                    }
                }
                window = windows.computeIfAbsent(key, k -> new Window(limit));
            }
            if (window.add(now)) {
                return;
            }
            // handed over meanwhile: keep the call in a new window
        }
    }

    /**
     * Hands the calls kept for {@code key} to {@code store}, if any. When the store fails, they are kept again and
     * the failure is thrown on.
     */
    void handOver(String key, RateLimitStore store) {
        if (windows.isEmpty()) {
            return;
        }
        Window window = windows.remove(key);
        if (window != null) {
            handOver(key, window, store);
        }
    }

    /**
     * Hands the calls of up to {@code most} windows to {@code store}, stopping at its first failure, which is logged
     * (the decision that called this stands).
     */
    void handOverSome(RateLimitStore store, int most) {
        if (windows.isEmpty()) {
            return;
        }
        Iterator<String> keys = windows.keySet().iterator();
        for (int i = 0; i < most && keys.hasNext(); i++) {
            try {
                handOver(keys.next(), store);
            } catch (RuntimeException e) {
                LOG.debug(
                        "Handing the calls decided alone to the shared rate-limit store failed; they are kept: {}",
                        e.toString());
                return;
            }
        }
    }

    /** How many windows have calls kept. */
    int windows() {
        return windows.size();
    }

    private void handOver(String key, Window window, RateLimitStore store) {
        long now = ticker.nanoTime();
        List<Long> acceptedAt = window.close();
        List<Duration> ago = new ArrayList<>(acceptedAt.size());
        long horizon = horizonNanos(window.limit);
        for (long at : acceptedAt) {
            if (now - at < horizon) {
                ago.add(Duration.ofNanos(Math.max(0, now - at)));
            }
        }
        if (ago.isEmpty()) {
            return;
        }
        boolean counted;
        try {
            counted = store.addAccepted(key, window.limit, ago);
        } catch (RuntimeException e) {
            keepAgain(key, window.limit, acceptedAt);
            throw e;
        }
        if (!counted) {
            storeCannotCount = true;
            windows.clear();
            LOG.warn("The shared rate-limit store cannot count the calls this instance accepted alone while it"
                    + " failed: a window that spans the end of an outage may hold up to this instance's share more"
                    + " than the limit");
        } else if (windows.isEmpty()) {
            warnedFull.set(false);
        }
    }

    private void keepAgain(String key, RateLimit limit, List<Long> acceptedAt) {
        for (long at : acceptedAt) {
            while (!windows.computeIfAbsent(key, k -> new Window(limit)).add(at)) {
                // handed over meanwhile: try a new window
            }
        }
    }

    private void warnFull() {
        if (warnedFull.compareAndSet(false, true)) {
            LOG.warn(
                    "Keeping the calls accepted alone of {} rate-limit windows already: the calls of more are not"
                            + " handed to the shared store when it answers again, so their windows may hold up to this"
                            + " instance's share more than the limit",
                    maxWindows);
        }
    }

    /** How long a call counts at most: its slot and the {@link RateLimit#WINDOW_SLOTS} after it. */
    private static long horizonNanos(RateLimit limit) {
        return (RateLimit.WINDOW_SLOTS + 1L) * limit.slotNanos();
    }

    /**
     * The calls of one window, mostly in the order accepted (calls kept again after a failed handover may come after
     * later ones); guarded by itself.
     */
    private static final class Window {
        final RateLimit limit;
        private final ArrayDeque<Long> acceptedAt = new ArrayDeque<>();
        private long newestAt = Long.MIN_VALUE;
        private boolean closed;

        Window(RateLimit limit) {
            this.limit = limit;
        }

        /**
         * Keeps a call accepted at {@code at}, dropping older ones at the front that count no more (a call kept again
         * out of order stays until it is handed over, which skips it); false once handed over.
         */
        synchronized boolean add(long at) {
            if (closed) {
                return false;
            }
            long horizon = horizonNanos(limit);
            while (!acceptedAt.isEmpty() && at - acceptedAt.peekFirst() >= horizon) {
                acceptedAt.pollFirst();
            }
            acceptedAt.addLast(at);
            newestAt = Math.max(newestAt, at);
            return true;
        }

        /** Closes it if none of its calls counts at {@code now}; returns whether it did. */
        synchronized boolean closeIfCountsNoMoreAt(long now) {
            if (acceptedAt.isEmpty() || now - newestAt >= horizonNanos(limit)) {
                closed = true;
            }
            return closed;
        }

        /** Its calls, for handing over; nothing more is added. */
        synchronized List<Long> close() {
            closed = true;
            return new ArrayList<>(acceptedAt);
        }
    }
}
