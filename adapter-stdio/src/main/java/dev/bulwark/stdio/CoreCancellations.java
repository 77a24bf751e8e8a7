package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CancelledRequests;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpServerSession;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the client's {@code notifications/cancelled} to the core, which cancels the call.
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
            for (Object sent : pending.takeSentFor(requestId)) {
                output.enqueue(JsonRpcLines.cancelled(sent, StdioRefusals.CALL_CANCELLED));
            }
            requests.cancelled(current.getId(), requestId);
        } else {
            log.debug("Dropped a notifications/cancelled without a string or integer requestId");
        }
        return true;
    }
}
