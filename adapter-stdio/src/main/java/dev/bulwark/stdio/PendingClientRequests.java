package dev.bulwark.stdio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The ids of the server's own requests to the client (sampling, elicitation, roots) that are not answered yet, so
 * that once the client's input has ended they can be failed at once rather than at their timeout, and a request
 * sent after that can be refused before it is written.
 *
 * <p>Thread-safe: requests are sent from any thread while the reader records answers and the end of input.
 */
final class PendingClientRequests {

    private final Set<Object> ids = ConcurrentHashMap.newKeySet();
    /** Set once the client's input has ended or failed: the client can answer nothing more. */
    private volatile boolean inputEnded;

    /**
     * Records a request about to be sent.
     *
     * @return whether it was recorded; {@code false} if the client's input has already ended, so it cannot answer
     */
    boolean add(Object id) {
        ids.add(id);
        return !(inputEnded && ids.remove(id));
    }

    /** Forgets a request: the client answered it, or it could not be sent. */
    void remove(Object id) {
        ids.remove(id);
    }

    /**
     * Records that the client's input has ended: from now on {@link #add} refuses, and each request still pending
     * is removed and handed to {@code unanswerable} once, to be failed in the client's place.
     */
    void inputEnded(Consumer<Object> unanswerable) {
        inputEnded = true; // first: a request added from now on is refused, one added before is in the set
        for (Object id : ids) {
            if (ids.remove(id)) {
                unanswerable.accept(id);
            }
        }
    }
}
