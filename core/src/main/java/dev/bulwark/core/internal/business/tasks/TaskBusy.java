package dev.bulwark.core.internal.business.tasks;

import java.time.Duration;

/**
 * A new task refused because the tasks its caller started here, or every caller's, keep as many bytes as they may, or
 * as many wait as may: the call is answered as busy, to retry after {@link #retryAfter()}.
 */
public final class TaskBusy extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    TaskBusy(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
