package dev.bulwark.tools.business.sql;

import dev.bulwark.core.ToolException;

/**
 * The database cancelled a statement that ran longer than the statement timeout. Its error type is
 * {@code timeout}, like a tool call that ran out of time, so clients and dashboards see a slow statement as a
 * timeout (which may succeed with a narrower query) rather than as a refusal. The message says so in fixed words.
 */
final class SqlTimeoutException extends ToolException {

    private static final long serialVersionUID = 1L;

    public SqlTimeoutException(String clientMessage, Throwable cause) {
        super(clientMessage, cause);
    }

    @Override
    public String errorType() {
        return "timeout";
    }
}
