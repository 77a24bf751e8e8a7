/**
 * Injected time sources, so tests can drive time instead of waiting for it.
 *
 * <p><b>{@link Ticker}</b>: A monotonic nanosecond source for measuring durations (timeouts, rate-limit windows,
 * latencies). Wall-clock time comes from {@link java.time.Clock}; durations come from a {@code Ticker}, so tests
 * can drive both. Implementations must be thread-safe.
 */
package dev.bulwark.ports.time;
