package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.origin.RequestOrigin;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The 2026-era layer, built by its first request rather than at start; it {@linkplain #claims claims} requests
 * without building anything. Thread-safe.
 */
public final class DeferredEra2026 implements Era2026Requests, AutoCloseable {

    private final Supplier<Era2026Server> build;
    private volatile Era2026Server server;
    private boolean closed;

    /** @param build builds the layer, once, at the first request claimed */
    public DeferredEra2026(Supplier<Era2026Server> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public boolean claims(String method, Object params, String protocolVersionHeader) {
        return Era2026Dispatcher.claimed(method, params, protocolVersionHeader);
    }

    @Override
    public void serve(Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer) {
        server().dispatcher().serve(request, notifications, answer);
    }

    /**
     * The accepted call of {@code params} by {@code origin}'s caller, rebuilt from what was stored of it, the layer
     * built first if no request has (a task taken from the shared queue, on a worker or a server no 2026-era client
     * has reached yet): {@link dev.bulwark.core.Bulwark#acceptedCalls()}.
     *
     * @throws IllegalArgumentException naming what the stored form lacks or holds wrongly
     */
    public AcceptedCall acceptedOf(ObjectNode params, RequestOrigin origin) {
        return server().dispatcher().acceptedOf(params, origin);
    }

    /** Ends the open subscriptions with their result, if a request built the layer. */
    public void endSubscriptions() {
        Era2026Server built = server;
        if (built != null) {
            built.endSubscriptions();
        }
    }

    /** Whether a request has built the layer (for tests). */
    boolean built() {
        return server != null;
    }

    /** Closes the layer if a request built it; one built after this is closed at once, as the built one would be. */
    @Override
    public void close() {
        Era2026Server built;
        synchronized (this) {
            closed = true;
            built = server;
        }
        if (built != null) {
            built.close();
        }
    }

    /**
     * The layer, built now if nothing built it yet: a server whose clients all speak the session era never builds it,
     * and a server's start does not wait for it (building it is the SDK's check of every tool's schemas and a server
     * of its own: about 60 ms of CPU in a stdio start on JDK 17). The same check still runs at start in the server of
     * the transport's own era, so a tool the SDK refuses still stops the start.
     */
    private Era2026Server server() {
        Era2026Server built = server;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (server == null) {
                Era2026Server created = Objects.requireNonNull(build.get(), "server");
                if (closed) {
                    created.close();
                }
                server = created;
            }
            return server;
        }
    }
}
