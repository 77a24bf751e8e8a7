package dev.bulwark.core.internal.presentation;

import java.time.Duration;
import org.awaitility.Awaitility;

/** Retries an assertion about what happens after the call under test returns (notifications, log lines). */
public final class Eventually {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {}

    /** Runs {@code assertion} until it passes, for at most 30 seconds; then fails with its last failure as the cause. */
    public static void eventually(Runnable assertion) {
        Awaitility.await()
                .atMost(PATIENCE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .pollInSameThread()
                .untilAsserted(assertion::run);
    }
}
