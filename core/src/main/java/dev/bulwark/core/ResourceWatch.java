package dev.bulwark.core;

/**
 * Follows the updates of resources that change outside the server (a gateway's upstream's) for the clients subscribed
 * to them: told when a URI gets its first subscriber and loses its last. Implementations are thread-safe.
 */
public interface ResourceWatch {

    /** Whether subscriptions to {@code uri} are this watch's to follow; the others are the server's own. */
    boolean watches(String uri);

    /**
     * Starts following {@code uri}: its first subscriber came.
     *
     * @throws RefusedException when its updates cannot be followed; the client's subscribe is refused with its message
     */
    void watch(String uri);

    /** Stops following {@code uri}: its last subscriber unsubscribed, or its session or stream ended. */
    void unwatch(String uri);

    /** A subscription the watch cannot follow; its message, shown to the client, says why. */
    final class RefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** @param message why, for the client: no host, secret or stack trace */
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
