package dev.bulwark.core;

/**
 * Thrown by a handler to end the call with an error the caller can act on; its message goes to the client as is.
 */
public class ToolException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    public ToolException(String clientMessage) {
        super(clientMessage);
    }

    public ToolException(String clientMessage, Throwable cause) {
        super(clientMessage, cause);
    }

    @Override
    public String errorType() {
        return "tool_error";
    }
}
