package dev.bulwark.http.exchange;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The work of one exchange: the exchange itself, and the calls it started, which may outlive it (a call goes on when
 * its client's connection drops). Runs its actions once, when the exchange and every such call have ended.
 * Thread-safe.
 */
final class ExchangeWork {

    /** The end of a call nothing waits for. */
    static final Runnable NOTHING = () -> { };

    private boolean exchangeEnded;
    private int callsRunning;
    private Runnable actions;

    ExchangeWork(boolean exchangeEnded) {
        this.exchangeEnded = exchangeEnded;
    }

    /** Runs {@code action} once all the work ended; at once if it has. */
    void onEnd(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (!allEnded()) {
                Runnable earlier = actions;
                actions = earlier == null ? action : () -> {
                    earlier.run();
                    action.run();
                };
                return;
            }
        }
        action.run();
    }

    /** Counts a call until the returned action runs (once; again does nothing); not counted when all has ended. */
    Runnable callStarted() {
        synchronized (this) {
            if (allEnded()) {
                return NOTHING;
            }
            callsRunning++;
        }
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                ended(false);
            }
        };
    }

    void exchangeEnded() {
        ended(true);
    }

    private void ended(boolean exchange) {
        Runnable run;
        synchronized (this) {
            if (exchange) {
                exchangeEnded = true;
            } else {
                callsRunning--;
            }
            if (!allEnded()) {
                return;
            }
            run = actions;
            actions = null;
        }
        if (run != null) {
            run.run();
        }
    }

    private boolean allEnded() {
        return exchangeEnded && callsRunning == 0;
    }
}
