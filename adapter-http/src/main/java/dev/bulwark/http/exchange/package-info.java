/**
 * One HTTP exchange on {@code /mcp} from arrival to its last byte (an SSE stream ends long after it started), the
 * handler that opens it, and the base of the edge handlers that pass it on in order.
 *
 * <p><b>{@link McpExchange}</b>: One HTTP exchange on the MCP endpoint, on Jetty core, from arrival until its
 * response is complete (for an SSE stream, when the stream ends): the request, its response, and what the edge
 * learned of it on the way. It is the {@link Callback} the handlers below complete, so it knows when the exchange
 * ends: then it runs what the edge attached ({@link McpExchange#onEnd}) and records the exchange in the HTTP
 * metrics, with the reason the edge refused it ({@link McpExchange#refuse}). The body is read once, into bytes, by
 * the first handler that asks ({@link McpExchange#body}), and served from memory after that. The one object
 * allocated per request on the edge: no request or response wrappers.
 *
 * <p>Thread-safe where it must be: it ends once, on whichever thread completes the response (the request's own, or
 * one that answers later: an SDK answer completed on a tool's thread or a timer's, a stream's writer), and what it
 * runs then (the metrics, the end actions) is thread-safe. The rest is used by one thread at a time: the request's
 * own, then, once a transport has handed the answer over, the thread that writes it.
 *
 * <p><b>{@link RequestBody}</b>: Reads a request body once, whole, into bytes, and never more than a limit: a body
 * that declares a larger {@code Content-Length} is refused before a byte is read, and a body without one (chunked)
 * is refused as soon as it passes the limit. The one copy made is into the returned array; no stream or reader
 * wraps the request. The array grows with the bytes that arrive, never to a size only declared: a client that
 * declares 1 MiB and sends slowly holds {@value RequestBody#FIRST_BUFFER_BYTES} bytes at first, not 1 MiB. Blocks
 * the calling thread while the body arrives; a caller may ask to be told, from Jetty's scheduler, when a body is
 * still arriving a while after it first waited. Stateless and thread-safe.
 *
 * <p><b>{@link ExchangeHandler}</b>: The outermost handler of {@code /mcp}: opens an {@link McpExchange} for every
 * request and hands it to the chain below as its callback, so the exchange is recorded in the HTTP metrics when its
 * response completes, however it completes. An exception that escapes the chain becomes a 500 whose body says
 * nothing about it (the exception goes to the log). Thread-safe.
 *
 * <p><b>{@link ExchangeWork}</b>: The work of one exchange: the exchange itself, and the one call it may start,
 * which may outlive it (a call goes on when its client's connection drops). Runs its actions once, when the
 * exchange and its call have both ended. As a {@link Runnable}, it is the end of the call. Thread-safe.
 *
 * <p><b>{@link EdgeHandler}</b>: One check of the MCP edge, as a Jetty core handler in the chain below the {@link
 * ExchangeHandler}: it looks at the exchange, and either hands it on to the next handler or answers it itself. The
 * callback each handler gets is the {@link McpExchange}. Subclasses hold no per-request state, so they are
 * thread-safe.
 *
 * <p><b>{@link Utf8}</b>: Checks that bytes are UTF-8 as the JDK's strict decoder reads it: no overlong forms, no
 * encoded surrogates, nothing past U+10FFFF, no sequence cut short. A loop over the bytes, allocating nothing.
 * Stateless and thread-safe.
 */
package dev.bulwark.http.exchange;
