package dev.bulwark.ports.calls;

/**
 * A transport that hands each request to its session on a thread of its own, which may block while the request
 * runs. Thread-safe.
 */
public interface RunsRequestsOnItsOwnThreads {

    /**
     * The key under which such a transport puts a {@code RunsRequestsOnItsOwnThreads} (itself, or its request
     * threads) into the transport context of a stateless-era request it serves on its own thread
     * ({@link dev.bulwark.ports.stateless.StatelessRequest#servedOnCallingThread}), to be told of that thread as
     * {@link #requestThreadHeld} says.
     */
    String TRANSPORT_CONTEXT_KEY = "dev.bulwark/request-threads";

    /**
     * A handler running on {@code requestThread} outlived its call's deadline: the call has been answered, and the
     * handler was interrupted, but it goes on holding the thread until it returns. Called at most once per call, on
     * another thread, while that handler still runs, so a handler that ignores its interrupt cannot be mistaken for
     * the thread's next request. The transport should serve its other requests without that thread meanwhile (start
     * another in its place), so that handlers which ignore their deadline cannot take every request thread. Must
     * return quickly and never block. A thread that is not the transport's own is ignored.
     *
     * @param requestThread the transport's thread the handler holds
     */
    void requestThreadHeld(Thread requestThread);
}
