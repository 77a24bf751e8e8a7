package dev.bulwark.http.exchange;

import java.util.Objects;

/**
 * The work of one exchange and the call it may start, ended once both have.
 */
final class ExchangeWork implements Runnable {

    /** The end of a call nothing waits for. */
    static final Runnable NOTHING = () -> {};

    private boolean exchangeEnded;
    private boolean callRunning;
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
                actions = earlier == null
                        ? action
                        : () -> {
                            earlier.run();
                            action.run();
                        };
                return;
            }
        }
        action.run();
    }

    /**
     * Counts the exchange's call until the returned action runs (once; again does nothing). An exchange starts one
     * call at most: a second, or one started after all ended, is not counted.
     */
    synchronized Runnable callStarted() {
        if (allEnded() || callRunning) {
            return NOTHING;
        }
        callRunning = true;
        return this;
    }

    /** The call ended. */
    @Override
    public void run() {
        ended(false);
    }

    void exchangeEnded() {
        ended(true);
    }

    private void ended(boolean exchange) {
        Runnable run;
        synchronized (this) {
            if (exchange) {
                exchangeEnded = true;
            } else if (callRunning) {
                callRunning = false;
            } else {
                return; // the call's end, again
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
        return exchangeEnded && !callRunning;
    }
}
