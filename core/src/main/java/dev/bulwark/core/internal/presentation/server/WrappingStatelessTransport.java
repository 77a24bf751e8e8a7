package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A stateless transport that hands the SDK server's handler to another transport wrapped ({@link #wrap}), and is
 * otherwise that transport. Thread-safe when the subclass's wrapper is.
 */
abstract class WrappingStatelessTransport implements McpStatelessServerTransport {

    private final McpStatelessServerTransport delegate;

    WrappingStatelessTransport(McpStatelessServerTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The handler the wrapped transport gets in place of the SDK server's {@code handler}. */
    abstract McpStatelessServerHandler wrap(McpStatelessServerHandler handler);

    @Override
    public final void setMcpHandler(McpStatelessServerHandler handler) {
        delegate.setMcpHandler(wrap(Objects.requireNonNull(handler, "handler")));
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
