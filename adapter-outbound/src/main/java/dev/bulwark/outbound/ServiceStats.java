package dev.bulwark.outbound;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one service, read by {@link OutboundMetrics}: calls and their total time by outcome, retries, and
 * the last health check's latency. Thread-safe.
 */
final class ServiceStats {

    private final LongAdder[] calls = adders();
    private final LongAdder[] nanos = adders();
    private final LongAdder retries = new LongAdder();
    private volatile long lastCheckNanos;

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[CallOutcome.values().size()];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void call(CallOutcome outcome, long durationNanos) {
        calls[outcome.index()].increment();
        nanos[outcome.index()].add(durationNanos);
    }

    void retried() {
        retries.increment();
    }

    void checked(long latencyNanos) {
        lastCheckNanos = latencyNanos;
    }

    long calls(CallOutcome outcome) {
        return calls[outcome.index()].sum();
    }

    double totalSeconds(CallOutcome outcome) {
        return nanos[outcome.index()].sum() / 1e9;
    }

    long retries() {
        return retries.sum();
    }

    double lastCheckSeconds() {
        return lastCheckNanos / 1e9;
    }
}
