package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.ports.calls.CancelledRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A stateless transport whose clients' {@code notifications/cancelled} reach the {@link InFlightCalls}: the SDK's
 * stateless server ignores them. Over stateless HTTP a cancellation comes as a POST of its own, named only by its
 * caller (the transport context's principal) and the request id, so it cancels that caller's call with that id.
 * Everything else goes to the SDK's handler as it came. Thread-safe.
 */
final class CancellingStatelessTransport extends WrappingStatelessTransport {

    private final InFlightCalls inFlight;

    CancellingStatelessTransport(McpStatelessServerTransport delegate, InFlightCalls inFlight) {
        super(delegate);
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    @Override
    Mono<Void> handleNotification(
            McpStatelessServerHandler handler, McpTransportContext context, JSONRPCNotification notification) {
        if (!CancelledRequests.METHOD.equals(notification.method())) {
            return handler.handleNotification(context, notification);
        }
        Object requestId = notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
        if (requestId instanceof String || requestId instanceof Number) {
            RequestGuard.callerOf(context, null).ifPresent(caller -> inFlight.cancelledBy(caller, requestId));
        }
        return Mono.empty();
    }
}
