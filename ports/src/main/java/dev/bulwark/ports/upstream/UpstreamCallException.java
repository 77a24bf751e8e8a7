package dev.bulwark.ports.upstream;

import dev.bulwark.ports.PortException;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to an upstream MCP server produced no result: {@link #failure()} says why. The message names the upstream
 * and the failure only: never the upstream's host, command, credential or its own error text. A
 * {@link UpstreamFailure#CALLER_ERROR} carries the upstream's own message apart, cleaned for the caller.
 */
public class UpstreamCallException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String upstream;
    private final UpstreamFailure failure;
    private final String upstreamMessage;

    /** A failure of a call to {@code upstream}. */
    public UpstreamCallException(String upstream, UpstreamFailure failure, String message) {
        this(upstream, failure, message, null);
    }

    /**
     * A failure of a call to {@code upstream} that the upstream explained to the caller.
     *
     * @param upstreamMessage the upstream's own message, already free of its host, command and stack; may be null
     */
    public UpstreamCallException(String upstream, UpstreamFailure failure, String message, String upstreamMessage) {
        super(message);
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.upstreamMessage = upstreamMessage;
    }

    /** The upstream's configured name. */
    public String upstream() {
        return upstream;
    }

    /** Why the call failed. */
    public UpstreamFailure failure() {
        return failure;
    }

    /** What the upstream told the caller of a {@link UpstreamFailure#CALLER_ERROR}; empty for any other failure. */
    public Optional<String> upstreamMessage() {
        return Optional.ofNullable(upstreamMessage);
    }
}
