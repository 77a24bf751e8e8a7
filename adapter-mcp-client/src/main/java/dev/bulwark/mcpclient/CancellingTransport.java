package dev.bulwark.mcpclient;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A client transport that remembers the JSON-RPC id of each request it sends with a progress token (a tool call, a
 * prompt get), by that token, so that a request given up on is cancelled upstream with {@code notifications/cancelled}.
 * Thread-safe.
 */
final class CancellingTransport extends ForwardingTransport {

    private final Map<Object, Object> idsByToken = new ConcurrentHashMap<>();

    CancellingTransport(McpClientTransport delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && request.params() instanceof McpSchema.Request sent
                && sent.progressToken() != null) {
            idsByToken.put(sent.progressToken(), request.id());
        }
        return delegate.sendMessage(message);
    }

    /** Tells the upstream to stop the call sent with {@code token}, if it was sent; forgets the token. */
    void cancel(Object token, String reason) {
        Object id = idsByToken.remove(token);
        if (id != null) {
            delegate.sendMessage(new McpSchema.JSONRPCNotification(
                            McpSchema.JSONRPC_VERSION,
                            "notifications/cancelled",
                            Map.of("requestId", id, "reason", reason)))
                    .subscribe(sent -> {}, error -> {});
        }
    }

    /** Forgets the call sent with {@code token}: it was answered. */
    void forget(Object token) {
        idsByToken.remove(token);
    }
}
