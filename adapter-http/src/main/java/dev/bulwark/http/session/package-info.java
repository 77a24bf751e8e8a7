/**
 * Stateful sessions that cannot leak: a cap on live sessions and eviction of idle ones.
 *
 * <p><b>{@link SessionRegistry}</b>: The live MCP sessions as the edge sees them: how many there are (with the
 * {@code initialize} requests under way, so the cap holds under concurrency), what each is doing, and which have
 * been idle long enough to end. A session is idle when no request of it is in flight and no stream of it is open;
 * its idle time counts from the end of its last exchange. A session being ended keeps its place until {@link
 * SessionRegistry#ended} says it is gone, so the cap holds while the transport forgets it. Sessions created by an
 * authenticated caller also count against that caller's own cap, and sessions created without a principal against
 * the cap of their client address, so one caller, or one address, cannot take every place. Time comes from the
 * injected {@link Ticker}. Thread-safe: creating and ending sessions take the registry's lock (so the cap holds),
 * while the calls every request makes ({@link SessionRegistry#begin}, {@link SessionRegistry#end}, {@link
 * SessionRegistry#mayUse}) take none, since every request thread would queue for it.
 *
 * <p><b>{@link SessionHandler}</b>: Keeps the {@link SessionRegistry} in step with the stateful transport, and
 * every session with the caller that created it: a request naming a session another authenticated principal created
 * gets 403. A POST without {@code Mcp-Session-Id} may create a session, so it needs a free place under the server's
 * cap and, when callers authenticate, under its caller's cap, or, when they do not, under its client address's cap,
 * or gets 503 naming the cap (a refusal at the server's or an address's cap is also logged, at most once a minute);
 * when the transport starts a session on it, the session is live. Every request of a known session marks it busy
 * until its exchange ends, and a DELETE that succeeds ends it. An {@code initialize} in a session is refused
 * ({@link InboundMessageMapper#readingInSession(String)}). A request without a session id that needs one is
 * answered by the transport (400 naming the missing header). Thread-safe.
 *
 * <p><b>{@link SessionEvictor}</b>: Ends idle sessions: on a fixed period (a tenth of the idle timeout, between 100
 * ms and 30 s) it takes the idle sessions from the {@link SessionRegistry} and ends each through the {@link
 * SessionTerminator}, so a client that vanished without a DELETE costs nothing for long. Runs on one daemon thread
 * of its own. Thread-safe.
 *
 * <p><b>{@link SessionTerminator}</b>: Ends a session the way its client would with a DELETE: the MCP transport
 * closes its streams and forgets it. Implemented by the stateful transport ({@code
 * JettyStreamableTransportProvider#endSession}). Implementations are thread-safe.
 */
package dev.bulwark.http.session;
