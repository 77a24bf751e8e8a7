package dev.bulwark.ports.tracing;

/**
 * A transport that reports the requests the core never sees, for tracing. Thread-safe.
 */
public interface TracesRequests {

    /** From now on, opens a span through {@code traces} for every request it serves. */
    void traceRequestsWith(RequestTraces traces);
}
