package dev.bulwark.loadtest;

import java.util.Arrays;

/** Durations of calls in nanoseconds, and their percentiles. Not thread-safe: one per thread, then merged. */
final class Latencies {

    private long[] values = new long[1024];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return count;
    }

    /** The {@code percent} percentile in microseconds (nearest rank), or NaN without values. */
    double percentileMicros(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1_000.0;
    }
}
