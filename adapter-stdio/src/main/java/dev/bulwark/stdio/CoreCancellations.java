package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CancelledRequests;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpServerSession;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the client's {@code notifications/cancelled} to the core, which cancels the call, and cancels the
 * cancelled call's unanswered requests to the client. Thread-safe.
 */
final class CoreCancellations {

    /** Logs under the transport's name, as the dispatcher does. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private final Supplier<McpServerSession> session;
    private final PendingClientRequests pending;
    private final OutputPump output;
    private volatile CancelledRequests target;

    CoreCancellations(Supplier<McpServerSession> session, PendingClientRequests pending, OutputPump output) {
        this.session = session;
        this.pending = pending;
        this.output = output;
    }

    /** Reports the client's cancellations to {@code requests} from now on. */
    void reportTo(CancelledRequests requests) {
        this.target = requests;
    }

    /**
     * Reports {@code notification} to the core, if it is listening and the session exists; a cancellation without a
     * request id is dropped (the specification requires one). False when it must go on to the session.
     */
    boolean report(JSONRPCNotification notification) {
        CancelledRequests requests = target;
        McpServerSession current = session.get();
        if (requests == null || current == null) {
            return false;
        }
        Object requestId = notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
        if (requestId instanceof String || requestId instanceof Number) {
            List<Object> sentForIt = pending.takeSentFor(requestId);
            for (Object sent : sentForIt) {
                output.enqueue(JsonRpcLines.cancelled(sent, StdioRefusals.CALL_CANCELLED));
            }
            requests.cancelled(current.getId(), requestId);
            // after the call is cancelled, so that its handler's wait ends as a cancellation, not as a refusal
            for (Object sent : sentForIt) {
                answerInClientsPlace(current, sent, StdioRefusals.CALL_CANCELLED);
            }
        } else {
            log.debug("Dropped a notifications/cancelled without a string or integer requestId");
        }
        return true;
    }

    /**
     * Answers the server's request {@code sent}, cancelled on the client, in the client's place with an error: a
     * handler still waiting for it stops waiting now, and the SDK's session forgets it (it keeps each request it sent
     * until an answer comes, even once the request's timeout fired or its caller stopped waiting).
     */
    void answerInClientsPlace(McpServerSession current, Object sent, String reason) {
        if (current == null) {
            return;
        }
        try {
            current.handle(new JSONRPCResponse(
                            McpSchema.JSONRPC_VERSION,
                            sent,
                            null,
                            new JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, reason, null)))
                    .subscribe(
                            null,
                            failure -> log.debug(
                                    "The session did not take a cancelled request's answer: {}", failure.toString()));
        } catch (RuntimeException e) {
            log.debug("The session did not take a cancelled request's answer: {}", e.toString());
        }
    }
}
