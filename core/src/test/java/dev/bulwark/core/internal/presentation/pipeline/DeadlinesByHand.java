package dev.bulwark.core.internal.presentation.pipeline;

import java.time.Duration;

/**
 * A deadline timer that only the test moves: no deadline passes until {@link #passAll} runs, so a call surely starts
 * its handler before its timeout answers it, however slow the machine. Used by one test thread.
 */
public final class DeadlinesByHand {

    private final ToolDeadlines timer = ToolDeadlines.withoutThread(ToolDeadlines.TICK);

    /** The timer to hand to the interceptor. */
    ToolDeadlines timer() {
        return timer;
    }

    /** How many deadlines are set and not yet passed or dropped. */
    public int pending() {
        return timer.pending();
    }

    /** Lets every deadline set so far pass, on this thread, as if an hour had gone by. */
    public void passAll() {
        timer.look(System.nanoTime() + Duration.ofHours(1).toNanos());
    }
}
