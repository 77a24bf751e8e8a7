package dev.bulwark.core;

/**
 * Thrown by a tool handler to end the call with an error the caller can act on ("user 42 does not exist",
 * "operation must be one of ..."). Its message is sent to the client as is, so it must hold no internals.
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
