package dev.bulwark.ports.calls;

/**
 * A transport that reads its clients' {@code notifications/cancelled} itself and reports them. The core, handed such
 * a transport, gives it where to report before it starts serving. Thread-safe.
 */
public interface ReportsCancellations {

    /** From now on, reports every cancellation a client sends to {@code requests}. */
    void reportCancellationsTo(CancelledRequests requests);
}
