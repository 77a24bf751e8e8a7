package dev.bulwark.core.internal.presentation.era2026;

import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The transport of the SDK's stateless server that serves 2026-era requests: no wire of its own, it only keeps
 * the handler the server gives it, for the {@link Era2026Dispatcher} to call. Thread-safe.
 */
final class InProcessEra2026Transport implements McpStatelessServerTransport {

    private volatile McpStatelessServerHandler handler;

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The server's handler; set when the server was built. */
    McpStatelessServerHandler handler() {
        McpStatelessServerHandler current = handler;
        if (current == null) {
            throw new IllegalStateException("The stateless server was not built on this transport yet");
        }
        return current;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public List<String> protocolVersions() {
        return Era2026Protocol.SUPPORTED_VERSIONS;
    }
}
