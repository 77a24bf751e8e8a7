package dev.bulwark.core.internal.testing;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that only moves when a test tells it to. Thread-safe. Core's own copy of the test kit's
 * {@code dev.bulwark.test.fakes.ManualTicker}: the kit depends on core, so core's tests cannot depend on the kit.
 */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
