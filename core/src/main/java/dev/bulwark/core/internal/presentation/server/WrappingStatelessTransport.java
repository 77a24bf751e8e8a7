package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A stateless transport that hands the SDK server's handler to another transport wrapped: each request and
 * notification reaches it through {@link #handleRequest} and {@link #handleNotification}, which pass it on as it came
 * unless a subclass says otherwise. Otherwise that transport. Thread-safe when the subclass's handling is.
 */
abstract class WrappingStatelessTransport implements McpStatelessServerTransport {

    private final McpStatelessServerTransport delegate;

    WrappingStatelessTransport(McpStatelessServerTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Hands {@code request} to the SDK server's {@code handler}. */
    Mono<JSONRPCResponse> handleRequest(
            McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
        return handler.handleRequest(context, request);
    }

    /** Hands {@code notification} to the SDK server's {@code handler}. */
    Mono<Void> handleNotification(
            McpStatelessServerHandler handler, McpTransportContext context, JSONRPCNotification notification) {
        return handler.handleNotification(context, notification);
    }

    @Override
    public final void setMcpHandler(McpStatelessServerHandler handler) {
        Objects.requireNonNull(handler, "handler");
        delegate.setMcpHandler(new McpStatelessServerHandler() {
            @Override
            public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, JSONRPCRequest request) {
                return WrappingStatelessTransport.this.handleRequest(handler, context, request);
            }

            @Override
            public Mono<Void> handleNotification(McpTransportContext context, JSONRPCNotification notification) {
                return WrappingStatelessTransport.this.handleNotification(handler, context, notification);
            }
        });
    }

    @Override
    public final void close() {
        delegate.close();
    }

    @Override
    public final Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public final List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
