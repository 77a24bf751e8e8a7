package dev.bulwark.ports.era2026;

import java.util.function.Consumer;

/**
 * The notifications of one {@code subscriptions/listen} subscription, after its acknowledgement. The transport
 * opens it once it has sent the acknowledgement, and closes it when the client goes away or cancels the
 * subscription; a transport that cannot send the acknowledgement closes it without opening it. The subscription
 * counts against its caller's cap from its acknowledgement until it is closed or ended. Thread-safe.
 */
public interface NotificationStream {

    /**
     * Starts delivering: each notification, one JSON-RPC message on one line, goes to {@code sink}, from any thread,
     * one at a time. When the server ends the subscription (shutdown), the subscription's result goes to
     * {@code sink} last, and then {@code ended} runs: the transport ends the stream.
     */
    void open(Consumer<String> sink, Runnable ended);

    /** Stops delivering; idempotent. */
    void close();

    /**
     * Ends the subscription because the transport's session is ending: as when the server ends it, the
     * subscription's result goes to the sink last, then {@code ended} runs. By default, {@link #close}: the stream
     * stops, and the subscription gets no result.
     */
    default void end() {
        close();
    }
}
