package dev.bulwark.core.error;

import java.time.Duration;

/** The tool did not finish within its timeout; the caller may retry. */
public final class ToolTimeoutException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public ToolTimeoutException(String tool, Duration timeout) {
        super("Tool '" + tool + "' did not finish within " + timeout.toMillis() + " ms and was cancelled. "
                + "Try again, or with a smaller input.");
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
