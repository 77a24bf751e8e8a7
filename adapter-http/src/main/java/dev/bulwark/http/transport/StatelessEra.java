package dev.bulwark.http.transport;

import dev.bulwark.ports.stateless.StatelessRequests;
import java.util.Objects;

/**
 * Where the MCP port finds the core's entry point for the stateless protocol era (MCP 2026-07-28), once the server
 * has been given it; shared by the {@link StatelessEraHandler} of the chain and the protocol version check.
 * Thread-safe.
 */
public final class StatelessEra {

    private volatile StatelessRequests requests;

    /** Serves the stateless era's requests through {@code requests} from now on. */
    public void serveWith(StatelessRequests requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /** The entry point, or {@code null} before {@link #serveWith}. */
    StatelessRequests requests() {
        return requests;
    }

    /**
     * Whether a protocol version the session era does not speak is left to {@link StatelessEraHandler} to decide on
     * (once the entry point is given): a request of the stateless era may name any version in its body and header.
     */
    public boolean decidesVersion(String version) {
        return requests != null;
    }
}
