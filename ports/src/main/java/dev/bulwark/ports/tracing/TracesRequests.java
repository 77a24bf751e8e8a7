package dev.bulwark.ports.tracing;

/**
 * A transport that sees requests the core's feature handlers never see, and reports them for tracing. The core,
 * handed such a transport, gives it where to report before it starts serving. Thread-safe.
 */
public interface TracesRequests {

    /** From now on, opens a span through {@code traces} for every request it serves. */
    void traceRequestsWith(RequestTraces traces);
}
