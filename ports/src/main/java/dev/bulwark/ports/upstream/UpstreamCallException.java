package dev.bulwark.ports.upstream;

import dev.bulwark.ports.PortException;
import java.util.Objects;

/**
 * A call to an upstream MCP server produced no result: {@link #failure()} says why. The message names the upstream
 * and the failure only: never the upstream's host, command, credential or its own error text.
 */
public class UpstreamCallException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String upstream;
    private final UpstreamFailure failure;

    /** A failure of a call to {@code upstream}. */
    public UpstreamCallException(String upstream, UpstreamFailure failure, String message) {
        super(message);
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The upstream's configured name. */
    public String upstream() {
        return upstream;
    }

    /** Why the call failed. */
    public UpstreamFailure failure() {
        return failure;
    }
}
