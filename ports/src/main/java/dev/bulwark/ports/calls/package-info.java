/**
 * Calls in flight: how a transport tells the core that its client cancelled one of its requests, and which call a
 * request the server sends to the client belongs to, and how a transport that writes {@code initialize} answers itself
 * shows them ({@link WritesInitializeAnswers}).
 *
 * <p><b>{@link RunsRequestsOnItsOwnThreads}</b>: A single-session transport that hands each request to its session
 * on a thread of its own, one that may block for as long as the request runs and is never the thread that delivers
 * the client's answers. A server over such a transport runs each request's handler on that thread (the SDK's {@code
 * immediateExecution}) instead of handing it on again to Reactor's elastic pool, and an isolated tool's handler
 * too, once its call is armed: its call is still answered at its deadline, from another thread, while the handler
 * goes on. The transport's threads may be few, so it is told when a handler keeps one of them past its call's
 * deadline ({@link RunsRequestsOnItsOwnThreads#requestThreadHeld}).
 *
 * <p>Implementations are thread-safe.
 *
 * <p><b>{@link CurrentCall}</b>: Which client request a server-to-client request (an elicitation, a sampling
 * request, a roots request) is sent for. The core runs each such send {@link CurrentCall#during} the call that
 * makes it; a transport that cannot tell calls apart by itself (stdio: one stream for every call) reads {@link
 * CurrentCall#id} while it takes the request, to cancel it when that call is cancelled or ends. This works because
 * the MCP SDK's synchronous exchange sends on the thread that asks.
 *
 * <p>Thread-safe: the id is bound to the current thread only, and only while {@code send} runs.
 *
 * <p><b>{@link CancelledRequests}</b>: Where a transport reports that its client cancelled one of its requests (MCP
 * {@code notifications/cancelled}), which the MCP SDK itself ignores. The core implements it: it stops the call the
 * request started, if that call is still running in that session. Thread-safe; returns at once.
 */
package dev.bulwark.ports.calls;
