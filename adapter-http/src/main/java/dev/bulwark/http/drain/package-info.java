/**
 * Graceful drain: refusing new work with 503 while the calls in flight run to completion, and answering those still
 * running when the grace ends as cut off by the shutdown.
 *
 * <p><b>{@link DrainHandler}</b>: Admits requests through the {@link DrainGate}: while the server drains, every new
 * request gets 503 with a JSON-RPC error, {@code Retry-After} and {@code Connection: close} (the rest of its body
 * is read first, within bounds, so the client gets the 503 rather than a reset: {@link RefusedBody}); a DELETE is
 * still served, and so is a session's POST that is the client's answer to the server or a notification, which a
 * call in flight may wait for. Admitted POSTs and DELETEs, and the refusals being written, are counted until their
 * exchange ends, so shutdown waits for them; an admitted POST's call is counted until it ends, even when the
 * client's connection dropped first: its answer is kept for a resumption, and its work is not cut. An admitted
 * exchange is kept in the {@link CallsInFlight} until it ends, so the end of the drain's grace can answer its call
 * as cut off. A GET event stream is not counted (it never ends on its own); while draining, a GET that resumes a
 * stream ({@code Last-Event-ID}) is still served, so a client whose connection dropped can get its answer, and a
 * new one is refused. Thread-safe.
 *
 * <p><b>{@link DrainGate}</b>: Counts the requests in flight and, once draining starts, lets no new one in, so
 * shutdown can wait for exactly the calls that were accepted. Before that, the server may be leaving: {@code /ready}
 * answers 503 while every request is still admitted, so a load balancer polling it takes the server out before any
 * request is refused. A request is counted before the draining flag is
 * read, so none can slip in after {@link DrainGate#awaitIdle} saw zero. Entering and leaving take no lock (every
 * request does both; a lock shared by all request threads made them wait for each other): the lock only serves the
 * one thread waiting for the drain. Thread-safe.
 *
 * <p><b>{@link CallsInFlight}</b>: The exchanges admitted to the MCP endpoint and not yet ended, so that when the
 * drain's grace ends each call still running gets its answer as cut off by the shutdown ({@link
 * McpExchange#cutOff}), and the shutdown can wait for those answers to be written before it closes the connections.
 * Thread-safe.
 */
package dev.bulwark.http.drain;
