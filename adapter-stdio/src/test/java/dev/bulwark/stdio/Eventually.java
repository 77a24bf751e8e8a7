package dev.bulwark.stdio;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Waits for what another thread brings about, by polling it: the one wait of this module's tests, bounded far beyond
 * what a busy machine takes, so that only a broken build reaches the bound.
 */
final class Eventually {

    /** How long a condition may take to hold. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {}

    /** Returns once {@code condition} holds; fails after {@link #PATIENCE}. */
    static void eventually(BooleanSupplier condition) {
        eventually("the condition holds", condition);
    }

    /** Returns once {@code condition} ({@code what}) holds; fails naming it after {@link #PATIENCE}. */
    static void eventually(String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(PATIENCE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .pollInSameThread()
                .until(condition::getAsBoolean);
    }
}
