package dev.bulwark.core;

import java.time.Duration;

/**
 * The tool did not finish within its timeout; the caller is answered at once and the handler interrupted.
 */
public final class ToolTimeoutException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** A read-only tool's timeout: retrying is safe. */
    public ToolTimeoutException(String tool, Duration timeout) {
        this(tool, timeout, true);
    }

    /** @param readOnly whether the tool only reads, so that a retry cannot repeat a change */
    public ToolTimeoutException(String tool, Duration timeout, boolean readOnly) {
        super(
                readOnly
                        ? "Tool '" + tool + "' did not finish within " + timeout.toMillis() + " ms and was cancelled. "
                                + "Try again, or with a smaller input."
                        : "Tool '" + tool + "' did not finish within " + timeout.toMillis()
                                + " ms and was cancelled, but"
                                + " it may have made its change before it stopped: check before trying again.");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String errorType() {
        return "timeout";
    }
}
