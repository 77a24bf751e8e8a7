/**
 * The hardened edge in front of {@code /mcp}: HTTP methods, Origin and Host checks, protocol version, media types,
 * body size, the caller, the reading of request bodies, and JSON-RPC error bodies for every refusal.
 *
 * <p><b>{@link RefusedBody}</b>: Reads and throws away what is left of the body of a request that is refused (for
 * its size, or because the server is draining), before the refusal is written. The client is usually still sending
 * when it is refused; a server that answers and closes the connection on unread bytes makes the kernel reset it,
 * and the client can get that reset instead of its answer: it cannot tell a 413 from a network fault, nor know that
 * a refused call never ran. Reading the rest first lets the answer arrive.
 *
 * <p>Bounded, so a refused body costs little: a body that declares more than {@value RefusedBody#MAX_BYTES} bytes
 * is not read at all, otherwise at most that many bytes are read (never kept) for at most {@value
 * RefusedBody#MAX_SECONDS} seconds, however the client sends them. A read waiting for bytes that do not come would
 * wait for the connection's idle timeout, so while the rest is read the connection's idle timeout is cut to the
 * time left (and set back after): a client whose body stops half-way delays its answer, and while the server drains
 * the end of the drain, by those seconds at most. A client whose body is not read to its end may still see a reset.
 * Once the answer is complete the container no longer waits for request bytes, which is why this runs before it.
 * Meant for refusals a legitimate client must be able to act on (413, 503 while draining), not for those of callers
 * that failed authentication or came from a foreign origin (401, 403): reading their bodies would be work done for
 * an attacker. Stateless and thread-safe.
 *
 * <p><b>{@link MinimumReadRateHandler}</b>: Fails the read of a request body that arrives slower than a minimum
 * rate, so a client dribbling its body cannot hold a connection and a request thread for as long as it likes (the
 * idle timeout only bounds each single wait). The rate is this request's own: the bytes it has read since it first
 * asked for its body, checked each time it waits for more, after a one-second grace. A body that is too slow ends
 * in a read failure, and the request is marked so that its error answer is 408 (the exchange asks {@link
 * MinimumReadRateHandler#wasTooSlow}). A body that stops altogether is caught by the same rule: while the request
 * waits for more of its body, the connection's idle timeout is cut to the moment the body would fall below the
 * rate, and to at most ten seconds (set back once the body has arrived), so a body that stops is answered 408 about
 * a second after it stopped (at most ten seconds, for one that came fast before), not at the idle timeout.
 *
 * <p>Jetty's {@code MinimumDataRateHandler} is not used: it is a {@code StatisticsHandler} that records statistics
 * of every request and wraps every response write, which cost about 6 µs of CPU per tool call under load, and the
 * rate it checks is the server's total bytes read rather than the request's. Thread-safe; each request's state is
 * touched only by Jetty's read and demand calls, which never run at the same time.
 *
 * <p><b>{@link BodyBudgetHandler}</b>: Holds a POST's body in the {@link BodyBudget} from before it is read until
 * its exchange and the call it starts have ended (a call goes on when its client's connection drops). A body with a
 * declared length takes that much before a byte is read, so the bodies being read count too, and is read here; one
 * without (chunked) is read first, then takes its size. A declared body still arriving {@link
 * BodyBudgetHandler#SLOW_AFTER} after it first had to wait for bytes gives its room back, and takes it again,
 * waiting its turn, once it is in: a slow client holds only the bytes it has sent (the body's buffer grows as they
 * arrive), not room that others' bodies need. A body that finds no room within its patience ({@link
 * BodyBudgetHandler#PATIENCE} on the server) gets 503 with {@code Retry-After}, saying the server is busy: the call
 * did not run. A small body that is not a request (the client's answer to the server's own request, or a
 * notification such as a cancellation) never waits: when there is no room it is read to tell, and passes, since a
 * call holding the budget may be waiting for just that answer. GET and DELETE carry no body and pass. Thread-safe.
 *
 * <p><b>{@link InboundMessageMapper}</b>: The JSON mapper the HTTP transports read request bodies with. When a body
 * cannot be served as a message it says why in words written for the client, and keeps that reason on the reading
 * thread for the answer.
 *
 * <p>Jackson's own messages quote the tokens it choked on, and the SDK's quoted the whole body, argument values
 * included. Here every failure becomes one whose message names only the problem, and its JSON-RPC error is kept for
 * the transport to {@linkplain InboundMessageMapper#takeRefusal() take} and answer:
 * <ul>
 *   <li>a body that is not JSON: {@code -32700 Parse error};
 *   <li>JSON that is not one JSON-RPC message (an array, {@code null}, no method, result or error): {@code -32600};
 *   <li>a message the mapper it wraps refused (Bulwark's checks the envelope and the params, refusing with an
 *       {@link IllegalArgumentException} caused by the {@link McpError} to answer with): that error, with the
 *       request's id. A request refused for its params is answered in band (HTTP 200), as any error of a request
 *       the server read.
 * </ul>
 * Thread-safe; the kept refusal is the reading thread's own.
 *
 * <p><b>{@link OriginPolicy}</b>: Which {@code Origin} and {@code Host} header values may reach the MCP endpoint:
 * the DNS-rebinding protection of the MCP specification. An origin must be listed exactly (scheme, host and port;
 * never a wildcard); with no list, only loopback origins pass. A host is listed as {@code name} (any port) or
 * {@code name:port}; with no list, {@code localhost}, the loopback address of each IP family the server listens on,
 * and the bound host pass: bound to an IPv4 address (the default, {@code 127.0.0.1}, or {@code 0.0.0.0}) that is
 * {@code 127.0.0.1} and not {@code [::1]}, which no client could reach it at; bound to an IPv6 address, {@code
 * [::1]} (and {@code 127.0.0.1} too for {@code ::}, which takes IPv4 connections as well); bound to a name, both.
 * Thread-safe; the allowlists never change, and the decision for the {@code Host} values already allowed is
 * remembered (a few of them, so a request does not parse its {@code Host} header again: every request has one).
 *
 * <p><b>{@link BodyReadAhead}</b>: Reads a request body for {@link EagerContentHandler} before a request thread
 * takes the request: the chunks are kept as they arrive (retained, not copied) until the body is in, fails, or
 * passes a byte budget, and the next handler then reads them first. The request the next handler sees is also its
 * callback, and it passes both outcomes on: success and failure each release the kept chunks and complete the
 * request. Jetty's own {@code RetainedContentLoaderFactory} drops a failure (its callback has no {@code failed}),
 * so a response that ends in failure (a client gone mid-answer, a stream cut) never completes and its connection
 * stays open and counted. Thread-safe: one loader per request, whose chunks are guarded by the request wrapper's
 * lock.
 *
 * <p><b>{@link CallerContext}</b>: Puts the caller of every HTTP request (a Jetty core request) into the MCP SDK's
 * transport context, where the core's pipeline reads it ({@link TransportContextKeys#PRINCIPAL}), together with the
 * client's {@code X-Request-Id} header when it is a plain token of at most 128 characters ({@link
 * TransportContextKeys#REQUEST_ID}); any other value is ignored so it can never inject text into logs. The caller
 * is the principal the authentication handler authenticated ({@link McpExchange#principalOf}), or, when
 * authentication is off, one configured principal. The client's W3C trace context headers ({@code traceparent}, and
 * {@code tracestate} with it) go in too ({@link TransportContextKeys#TRACE_CONTEXT}), when they are of the headers'
 * own alphabet and length; the core continues the client's trace from them. Immutable and thread-safe.
 *
 * <p><b>{@link BodyBudget}</b>: The bytes of request bodies the server holds at once, from before a body is read
 * until the call it carries has ended. A parsed JSON body takes up to about 22 times its bytes on the heap (an
 * array of empty objects), so the budget keeps the requests in progress from filling the heap: without it, a dozen
 * 1 MiB bodies at once exhausted a 128 MiB heap. A body that does not fit waits its turn, first come first served,
 * for a bounded time; when nothing else is held, any body fits.
 *
 * <p>Thread-safe. Taking and giving back cost an atomic add each while nothing waits.
 *
 * <p><b>{@link MediaTypeHandler}</b>: The media types a request declares. {@code Accept}, as Streamable HTTP
 * requires it: a POST must accept both {@code application/json} and {@code text/event-stream}, a GET (the server's
 * event stream) {@code text/event-stream}; anything else gets 406. {@code Content-Type} of a POST: {@code
 * application/json}, in UTF-8; anything else gets 415. A POST's body must come unencoded ({@code Content-Encoding}:
 * 415; {@code Transfer-Encoding} other than {@code chunked}: 501). The body itself is checked to be UTF-8 when it
 * is read ({@link McpExchange#body}). Each refusal is a JSON-RPC error saying what to send. Thread-safe.
 *
 * <p><b>{@link JsonRpcErrorHandler}</b>: Jetty's server-wide error handler, for errors outside any context (a
 * malformed request line, headers too large, broken body framing): a JSON-RPC error body with a fixed message for
 * the status, never an HTML page, a cause or a stack trace, and {@code Connection: close}. Such a request never
 * reaches the edge handlers, so it is counted here, in {@code mcp_http_requests_total} and as the error type {@code
 * http_malformed_request}, when it came to the MCP port. Thread-safe.
 *
 * <p><b>{@link NotUtf8BodyException}</b>: A request body that is not UTF-8, found while it was read: MCP messages
 * are UTF-8 JSON, and a body with bytes that are not (a Latin-1 {@code é}, a truncated sequence, an encoded
 * surrogate) would otherwise be decoded with replacement characters and served as something its sender never wrote.
 * Its message is written for the client ({@code -32700 Parse error}, naming the offset of the first bad byte).
 *
 * <p><b>{@link McpMethodHandler}</b>: Refuses on the MCP endpoint, with 405, an {@code Allow} header and a JSON-RPC
 * error, the HTTP methods it does not serve: {@code TRACE}, {@code PUT}, {@code PATCH}, any unknown method, and
 * {@code HEAD} (which would be taken for a {@code GET} and open the session's event stream). Runs first inside the
 * exchange, so its refusals are counted. The transport refuses the methods of the other mode itself. Thread-safe.
 *
 * <p><b>{@link ReadOnlyMethodHandler}</b>: Refuses, off the MCP endpoint, every method but {@code GET}, {@code
 * HEAD} and {@code OPTIONS} with 405, an {@code Allow} header and a JSON-RPC error: the operations endpoints and
 * the resource metadata serve reads only, and a path nothing serves answers 404 for the methods that reach it.
 * {@code TRACE} would echo the request's headers, credentials included. Not counted in the MCP metrics.
 * Thread-safe.
 *
 * <p><b>{@link OriginHandler}</b>: DNS-rebinding protection and CORS, before anything else can create a session: a
 * request whose {@code Host} or {@code Origin} the {@link OriginPolicy} does not allow gets 403 with a JSON-RPC
 * error and goes no further. An allowed browser origin gets CORS headers naming exactly that origin (never {@code
 * *}), and its preflight ({@code OPTIONS}) is answered here. Thread-safe.
 *
 * <p><b>{@link BodySizeHandler}</b>: Refuses a request whose declared {@code Content-Length} is over the limit with
 * 413 and a JSON-RPC error before a byte of its body is kept ({@link McpExchange#refuseTooLarge}). A body without a
 * length (chunked) is counted as it is read ({@link McpExchange#body}), which stops at the same limit and answers
 * the same way. Thread-safe.
 *
 * <p><b>{@link ProtocolVersionHandler}</b>: Checks the {@code MCP-Protocol-Version} header the specification
 * requires on every request after initialization: an invalid or unsupported value gets 400 with a JSON-RPC error
 * that lists the supported versions. A request without the header passes (the specification tells servers to assume
 * 2025-03-26 then). Thread-safe.
 *
 * <p><b>{@link JsonRpcErrors}</b>: Writes the JSON-RPC error bodies every refusal at the HTTP edge carries, so an
 * MCP client always gets a message it can parse and act on, and never an HTML page, a stack trace or a host name.
 * Stateless and thread-safe.
 */
package dev.bulwark.http.edge;
