package dev.bulwark.stdio;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;

/**
 * The MCP lifecycle as the client walks it over stdio. Used by the single reader thread only.
 */
final class InitializationGate {

    /** What to do with one inbound message. */
    enum Verdict {
        /** Hand it to the session. */
        PASS,
        /** Answer it here with an empty result: a ping before the session is open. */
        ANSWER_PING,
        /** Refuse it with {@link #refusal}: a request out of the lifecycle's order. */
        REFUSE,
        /** Drop it, logging why: a notification out of the lifecycle's order. */
        DROP
    }

    private boolean initializeRead;
    private boolean initializedRead;
    private String refusal;

    /**
     * The verdict on {@code message}, the next message read. A request before {@code notifications/initialized} is
     * answered at once: the SDK's session would hold it unanswered, and enough of them would stall the reader. A
     * second {@code initialize} is refused, and a {@code notifications/initialized} before any {@code initialize}
     * dropped: the SDK would open the session without the client's capabilities.
     */
    Verdict admit(JSONRPCMessage message) {
        if (message instanceof JSONRPCRequest request) {
            return admitRequest(request.method());
        }
        if (message instanceof JSONRPCNotification notification
                && McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(notification.method())) {
            if (!initializeRead) {
                return Verdict.DROP;
            }
            initializedRead = true;
        }
        return Verdict.PASS;
    }

    private Verdict admitRequest(String method) {
        if (McpSchema.METHOD_INITIALIZE.equals(method)) {
            if (initializeRead) {
                refusal = "Invalid Request: the session is already initialized; initialize comes once, first";
                return Verdict.REFUSE;
            }
            initializeRead = true;
            return Verdict.PASS;
        }
        if (initializedRead) {
            return Verdict.PASS;
        }
        if (McpSchema.METHOD_PING.equals(method)) {
            return Verdict.ANSWER_PING;
        }
        refusal = initializeRead
                ? "Invalid Request: the session is not open yet; send notifications/initialized after the"
                        + " initialize answer first"
                : "Invalid Request: the session is not initialized; send initialize, then"
                        + " notifications/initialized, first";
        return Verdict.REFUSE;
    }

    /** Why the last refused request was refused, for the client. */
    String refusal() {
        return refusal;
    }
}
