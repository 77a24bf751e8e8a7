package dev.bulwark.http.transport;

import dev.bulwark.ports.era2026.Era2026Requests;
import java.util.Objects;

/**
 * Where the MCP port finds the core's entry point for the 2026 protocol era, once the server
 * has been given it; shared by the {@link Era2026Handler} of the chain and the protocol version check.
 * Thread-safe.
 */
public final class Era2026Entry {

    private volatile Era2026Requests requests;

    /** Serves the 2026 era's requests through {@code requests} from now on. */
    public void serveWith(Era2026Requests requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /** The entry point, or {@code null} before {@link #serveWith}. */
    Era2026Requests requests() {
        return requests;
    }

    /**
     * Whether a protocol version the session era does not speak is left to {@link Era2026Handler} to decide on
     * (once the entry point is given): a request of the 2026 era may name any version in its body and header.
     */
    public boolean decidesVersion(String version) {
        return requests != null;
    }
}
