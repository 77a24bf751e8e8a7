package dev.bulwark.outbound;

import java.time.Duration;

/** Retries an assertion about what happens on another thread (a health round, a log line) until it passes. */
final class Eventually {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {}

    /** Runs {@code assertion} until it passes, for at most a minute; then its last failure is thrown. */
    static void eventually(Runnable assertion) {
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
