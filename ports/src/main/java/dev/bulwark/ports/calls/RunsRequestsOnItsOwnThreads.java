package dev.bulwark.ports.calls;

/**
 * A single-session transport that hands each request to its session on a thread of its own, one that may block for
 * as long as the request runs and is never the thread that delivers the client's answers. A server over such a
 * transport runs each request's handler on that thread (the SDK's {@code immediateExecution}) instead of handing it
 * on again to Reactor's elastic pool. A marker: it has no methods.
 */
public interface RunsRequestsOnItsOwnThreads {
}
