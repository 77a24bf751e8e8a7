package dev.bulwark.tools.business.sql;

import dev.bulwark.core.ToolException;

/**
 * The database cancelled a statement that ran longer than the statement timeout: error type {@code timeout}, so a
 * slow statement reads as a timeout (a narrower query may succeed), not as a refusal.
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
