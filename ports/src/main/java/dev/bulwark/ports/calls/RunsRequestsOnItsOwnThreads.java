package dev.bulwark.ports.calls;

/**
 * A single-session transport that hands each request to its session on a thread of its own, one that may block for
 * as long as the request runs and is never the thread that delivers the client's answers. A server over such a
 * transport runs each request's handler on that thread (the SDK's {@code immediateExecution}) instead of handing it
 * on again to Reactor's elastic pool, and an isolated tool's handler too, once its call is armed: its call is still
 * answered at its deadline, from another thread, while the handler goes on. The transport's threads may be few, so
 * it is told when a handler keeps one of them past its call's deadline ({@link #requestThreadHeld}); it names
 * itself in the request's {@link dev.bulwark.ports.origin.RequestOrigin#requestThreads}.
 *
 * <p>Implementations are thread-safe.
 */
public interface RunsRequestsOnItsOwnThreads {

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
