package dev.bulwark.http;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.calls.ReportsCancellations;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The stateful transport as servers see it: the SDK's streamable transport, plus the reporting of the clients'
 * {@code notifications/cancelled}, which its sessions ignore and the {@link InboundMessageMapper} reads on the way
 * in. Every other method is the SDK transport's own. Thread-safe.
 */
final class SessionTransport implements McpStreamableServerTransportProvider, ReportsCancellations {

    private final McpStreamableServerTransportProvider delegate;
    private final InboundMessageMapper inbound;

    SessionTransport(McpStreamableServerTransportProvider delegate, InboundMessageMapper inbound) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.inbound = Objects.requireNonNull(inbound, "inbound");
    }

    @Override
    public void reportCancellationsTo(CancelledRequests requests) {
        inbound.reportCancellationsTo(Objects.requireNonNull(requests, "requests"));
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        delegate.setSessionFactory(sessionFactory);
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
