/**
 * The MCP Streamable HTTP transport on Jetty 12 core handlers: the SDK's transport interfaces implemented by
 * Bulwark, which owns the HTTP mechanics (bodies, SSE framing, event ids, resumption) while the SDK keeps JSON-RPC,
 * sessions and MCP semantics.
 *
 * <h2>The 2026 era's requests</h2>
 *
 * <p>{@link dev.bulwark.http.transport.Era2026Handler} runs after the edge (drain, Origin, authentication, media
 * types, body size) and before sessions, so such a request needs none. A POST is claimed by its
 * {@code MCP-Protocol-Version} header when that names a version of the 2026 era, else by its body (its {@code _meta}
 * naming a version, or a method of that era only). A claimed request goes through the scope challenge, when
 * authentication is on, to {@link dev.bulwark.http.transport.Era2026Endpoint}; anything else goes on untouched, but
 * a version in the header that neither era speaks is refused as the protocol-version check refuses it. Until the
 * entry is given its server, every request goes on.
 *
 * <p>{@code Era2026Endpoint} answers with one JSON message and the status the core chose. A request whose handler
 * sends notifications (progress) is answered as a stream of server-sent events, the answer last.
 * {@code subscriptions/listen} gets a stream whose first event is the acknowledgement, with a comment every
 * keep-alive interval so a client that left is noticed. A request the client gives up on (it closes its connection)
 * is cancelled: an answer that takes longer than the probe interval becomes an event stream with a comment each
 * interval, whose write fails once the client has gone. A request cancelled with {@code notifications/cancelled}
 * gets no answer: 204 with no body, or the end of its event stream.
 *
 * <h2>The stateless transport</h2>
 *
 * <p>{@link dev.bulwark.http.transport.JettyStatelessTransport} answers a request with its JSON-RPC response
 * ({@code application/json}, in one write with its {@code Content-Length}) and a notification with
 * {@code 202 Accepted}. The request thread does not wait for the answer: whichever thread completes it writes it. The
 * body is read once, at most {@code maxRequestBytes} (413 beyond). Other methods get 405 with {@code Allow: POST}. A
 * body that is not one message gets a JSON-RPC error saying why; a handler failure gets a 500 that says nothing about
 * it (it goes to the log). A response message is refused: a stateless server sends no requests. The requests the SDK
 * answers itself ({@code initialize}, {@code ping}, the lists) are reported for their server spans. The edge runs
 * before it; it checks only what the transport itself must.
 *
 * <h2>The transport with sessions</h2>
 *
 * <p>{@link dev.bulwark.http.transport.JettyStreamableTransportProvider}: a POSTed {@code initialize} starts a session
 * (a JSON answer with {@code Mcp-Session-Id}); another POSTed request is answered on its own event stream,
 * notifications and responses with {@code 202}; a GET opens the session's stream of server-initiated messages; a
 * DELETE ends the session. Every event has its own id, every new stream starts with a priming event carrying
 * {@code retry:}, and a GET with {@code Last-Event-ID} resumes the stream that event belongs to from the session's
 * bounded event log. A request that needs a session and names none is answered 400. A client's
 * {@code notifications/cancelled}, which the SDK's sessions ignore, is reported before the SDK sees it; the requests
 * the server sent for the cancelled request and still awaits are cancelled first, on that request's stream. An
 * {@code initialize} answer is written as the core shows it (the core adds what the SDK's types cannot hold).
 *
 * <p>Each POST is a {@code PostExchange} on the request thread, which waits for an {@code initialize}'s answer and
 * for a notification or response to be taken, but not for a request's answer: it subscribes to it and returns, and
 * the thread that completes it ends its trace and closes its stream. A request's answer is kept for a resumption when
 * its client leaves, except for a request that only waits for what goes on without it ({@code tasks/result}): its
 * stream is probed with a comment every second (HTTP/1.1 tells a server that a client left only when it writes), and
 * once the client is gone its subscription is disposed, which ends the wait in the core, and its stream closes.
 *
 * <p>In both transports, a call still running when the drain's grace ends is answered with a JSON-RPC error saying the
 * shutdown cut it off ({@link dev.bulwark.http.exchange.McpExchange#cutOff}).
 */
package dev.bulwark.http.transport;
