package dev.bulwark.ports.origin;

/**
 * Told when a request's handler starts and stops waiting for its client's answer to a request the server sent it
 * (elicitation, sampling, roots): a session-era task shows {@code input_required} meanwhile. Implementations are
 * thread-safe.
 */
public interface ClientWaits {

    /** The handler sent its client a request and waits for the answer. */
    void began();

    /** The wait ended: the client answered or refused, or the wait timed out or was cancelled. */
    void ended();
}
