package dev.bulwark.core.internal.presentation;

import java.time.Duration;

/** Retries an assertion about what happens after the call under test returns (notifications, log lines). */
public final class Eventually {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {}

    /** Runs {@code assertion} until it passes, for at most 30 seconds; then its last failure is thrown. */
    public static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an assertion to pass", e);
            }
        }
    }
}
