package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A stateless transport that owns the catalogue subscriptions of the SDK server over it, and closes them when that
 * server closes it (the SDK's stateless server closes only its transport and cannot be subclassed). Thread-safe.
 */
final class FollowingStatelessTransport implements McpStatelessServerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(FollowingStatelessTransport.class);

    private final McpStatelessServerTransport delegate;
    private final List<AutoCloseable> following = new CopyOnWriteArrayList<>();

    FollowingStatelessTransport(McpStatelessServerTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Closes {@code subscription} when this transport closes. */
    void closeOnClose(AutoCloseable subscription) {
        following.add(Objects.requireNonNull(subscription, "subscription"));
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        delegate.setMcpHandler(handler);
    }

    @Override
    public void close() {
        stopFollowing();
        delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::stopFollowing).then(delegate.closeGracefully());
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    private void stopFollowing() {
        for (AutoCloseable subscription : following) {
            following.remove(subscription);
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("A catalogue subscription of a closed stateless server did not close", e);
            }
        }
    }
}
