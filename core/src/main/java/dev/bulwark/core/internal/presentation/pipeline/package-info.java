/**
 * The tool pipeline: small interceptors applied around every tool handler, in a fixed order.
 *
 * <p><b>{@link ToolDeadlines}</b>: The one timer of the JVM that watches isolated calls' deadlines: a single daemon
 * thread ({@code bulwark-tool-deadlines}) that looks at every deadline set once per {@linkplain ToolDeadlines#TICK
 * tick}. Setting a deadline appends it to a lock-free queue and wakes nothing, unless the timer sleeps; cancelling
 * it, when its call ends in time, is one write. The timer sleeps only after a whole tick in which no deadline was
 * set and none is watched: sleeping as soon as it watches nothing would let calls that end before it looks wake it
 * again and again. A timer that keeps its deadlines in order and sleeps until the first, as {@code
 * ScheduledThreadPoolExecutor} does, wakes its thread whenever a new deadline becomes its first, which with short
 * calls is nearly every call: a futex wake and a context switch each, 8 to 10 µs of a call's CPU
 * (docs/performance-history.md). A deadline fires at most one tick late. Its task answers a call that ran out of
 * time: it runs the pipeline's later steps and hands the answer to the transport, which never waits on the write
 * ({@link IsolatedCall}). A task that throws is logged, and the timer goes on. Thread-safe.
 *
 * <p><b>{@link ResilienceInterceptor}</b>: Bounds each call in time and in concurrency: a server-wide bulkhead and
 * a per-tool bulkhead (Failsafe's, their permits taken directly, without waiting, see {@link
 * ResilienceInterceptor#takePermits}), and a per-tool timeout. By default ({@link Tool.Execution#ISOLATED}) the
 * call is an {@link IsolatedCall}: its handler runs on the given executor (one virtual thread per call on Java 21+,
 * see {@link ToolExecutors}), or on the caller's own thread when the caller holds it ({@link DeferredHandler}: the
 * HTTP transports), and no thread waits for it; one shared timer ({@link ToolDeadlines}) answers the call at its
 * deadline even if the handler ignores the interrupt it gets then. The call's bulkhead permits stay taken until the
 * handler really ends, so stuck handlers cannot pile up unbounded. A tool declared {@link
 * Tool.Execution#CALLER_THREAD} runs on the calling thread under the two bulkheads only, with no deadline; a call
 * of it that outlasts the default timeout is logged as a warning.
 *
 * <p>A call its client cancels ({@link CallCancellation}) is interrupted, gives its permits back at once, and is
 * answered with a {@link ToolCancelledException} (an isolated call at once; a caller-thread call when its handler
 * returns). A full bulkhead answers at once with "server busy"; a timeout answers with "did not finish".
 * Thread-safe.
 *
 * <p><b>{@link ToolPipeline}</b>: The ordered chain of interceptors around every tool handler. The standard order,
 * outermost first, is:
 *
 * <pre>{@code
 * Tracing -> RequestContext -> ErrorMapping -> CallLog -> Audit -> Metrics -> Authorization -> RateLimit
 *     -> Validation -> Caching -> Resilience(serverBulkhead, toolBulkhead, timeout) -> handler
 * }</pre>
 *
 * <p>so every call is one span with its ids and request id in the MDC, every failure becomes a safe error result,
 * log, audit log and metrics see how each call ended (refused calls included), nothing runs for an unauthorized or
 * rate-limited caller, invalid input is refused before the cache or handler see it, a cache hit costs no
 * concurrency slot, and the handler runs bounded. See {@link StandardPipeline} for the assembly.
 *
 * <p>The chain is asynchronous: each step acts on the way in, on the calling thread, and attaches what it does
 * after the handler to the call's outcome ({@link ToolPipeline#executeAsync}). A {@code CALLER_THREAD} handler
 * completes the outcome before it is returned, so such a call runs wholly on the calling thread; an isolated
 * handler completes it later, on the thread that ran it, or the deadline timer or a cancellation does. Thread-safe
 * if its interceptors are.
 *
 * <p><b>{@link IsolatedCall}</b>: One call of an isolated tool: runs its handler, and answers the call once, with
 * whichever comes first: the handler's outcome, the deadline ({@link ToolTimeoutException}), or the client's
 * cancellation ({@link ToolCancelledException}). The handler runs on the tool executor, or on the caller's thread
 * when the caller holds it ({@link DeferredHandler}), which is told if the handler still holds that thread at the
 * deadline. Either way no thread waits for it: the answer completes the call's outcome, and the pipeline's later
 * steps run on the thread that completes it, in the call's MDC and trace context: the handler's own outcome on the
 * handler's thread, a deadline on the timer's, a cancellation on the cancelling thread (never on the tool executor,
 * which a stuck handler may be holding). The handler is interrupted at the deadline or the cancellation, and only
 * while it runs. The bulkhead permits are given back when the handler really ends (at once when the client cancels,
 * or when the handler never started). Thread-safe.
 *
 * <p><b>{@link AuditInterceptor}</b>: Hands the audit record of every tool call ({@link
 * dev.bulwark.ports.audit.AuditRecord}) to the audit log ({@link dev.bulwark.ports.audit.AuditLog}), on the thread
 * that ended the call: the caller's {@code principal} subject, the {@code tool}, the {@code outcome} ({@code
 * success}, {@code error}, or {@code cancelled} when the client cancelled the call), the {@code error_type}, the
 * duration, the {@code request_id}, the {@code protocol_era} (the version of the request's era, {@link
 * dev.bulwark.ports.origin.ProtocolEra#version()}), the thread's name, the time, and, when the call is traced, the
 * {@code trace_id} and {@code span_id} of its tool call span, so the line stands alone without the MDC. The record
 * holds values only: nothing is formatted or copied on the call's thread. It sits outside authorization, rate
 * limiting and validation and sees the mapped result, so refused calls are recorded too.
 *
 * <p>The audit log is a stream of its own that operators can route apart from the diagnostic log (the server's log
 * configuration keeps it at INFO whatever {@code log.level} says). Argument values are left out, as they may hold
 * personal data or secrets, unless {@code log.audit-arguments} is on: then they are added as {@code arguments},
 * JSON text. Thread-safe.
 *
 * <p><b>{@link Slf4jAuditLog}</b>: The default audit log: each record as one INFO line on the SLF4J logger {@value
 * Slf4jAuditLog#LOGGER_NAME}, its fields as key-values, in the order above (duration as {@code duration_ms}). The
 * server's own ({@code LogbackAuditLog}) hands the record to that logger's appenders without making an SLF4J
 * event, into the same line. Thread-safe.
 *
 * <p><b>{@link CallScope}</b>: What an isolated call's later work needs of the thread that started it: the values
 * of the pipeline's own MDC keys (request id, tool, principal, trace and span ids) and the trace context, read key
 * by key. The thread that runs the handler, or answers the call at its deadline or cancellation, puts those keys and
 * gives them back afterwards, leaving its other keys alone: no copy of a thread's whole MDC. Immutable.
 *
 * <p><b>{@link HandlerInvoker}</b>: The end of the pipeline: binds the arguments to the tool's input type, runs the
 * handler, and turns its {@link ToolResult} into an MCP {@code CallToolResult} (structured content plus its content
 * items). Checked exceptions from the handler are passed on wrapped, for the error mapping to deal with.
 *
 * <p>A {@link BulwarkException} thrown while binding (from an input record's compact constructor, say) is the
 * author's check of the arguments: its message reaches the caller as an invalid-arguments error. Any other
 * exception from the input type's constructor is answered with a generic invalid-arguments message (it may come
 * from library code and quote anything), and an input type the mapper cannot construct at all is a server-side
 * fault, not the caller's. A structured result is checked against the tool's output schema before the SDK sees it;
 * one that does not fit is the tool's fault, answered with an {@link InvalidToolResultException} and logged naming
 * the fields. Thread-safe.
 *
 * <p><b>{@link RateLimitInterceptor}</b>: Takes one call from the (principal, tool) budget: the tool's own limit,
 * or the server default. A rejection ends the call with a message saying when to retry. A tool that is not {@link
 * dev.bulwark.core.Tool#rateLimited() rate-limited} passes untouched.
 *
 * <p>For a cached tool, when the rate-limit store can read the cache in the same trip (both in one Redis), the
 * decision also brings back the call's cache entry, handed on to {@link CachingInterceptor} with the invocation: a
 * cached call then costs one round trip to the store instead of two. The cache key is the one the caching step
 * would compute (the arguments are not changed by validation in between).
 *
 * <p>The decision is a span of its own, {@value RateLimitInterceptor#SPAN_NAME}, the parent of the store's calls; a
 * rejection marks it as an error. Thread-safe.
 *
 * <p><b>{@link ErrorMappingInterceptor}</b>: Turns every failure into a {@code CallToolResult} with {@code isError:
 * true} and a message a model can act on. Known failures ({@link BulwarkException}) keep their client message; a
 * dependency outage says which dependency; anything else becomes a generic message with the request id, while its
 * details (stack trace, SQL, hostnames) go only to the log. A known failure that is the caller's mistake is logged
 * (at DEBUG) by its error type and cause type only, since its text can quote the arguments. The result's {@code
 * _meta} carries the error type and request id. A handler that asked a 2026-era client for input ({@link
 * InputRequiredSignal}) did not fail: the signal travels on untouched, for the request to be answered with its
 * round's {@code input_required} result.
 *
 * <p><b>{@link CachingInterceptor}</b>: Serves results of tools that declare a {@link CachePolicy} from the cache,
 * and caches successful results. The key is deterministic (tool, schema version, SHA-256 of the canonical
 * arguments, and the principal for private policies); concurrent misses on one key compute once. Every cached
 * tool's result says {@code hit} or {@code miss} in {@code _meta["dev.bulwark/cache"]}. A failing cache never fails
 * the call. When the entry was read together with the rate-limit decision ({@link ToolInvocation#prefetched()}),
 * the lookup is served from that read. Waiting calls hold no thread ({@link ResultCache}), and the computing call's
 * handler runs where an uncached call's would. A call whose handler asked a 2026-era client for input
 * ({@link InputRequiredSignal}) caches nothing; a call that waited for such a call runs its own handler.
 *
 * <p><b>{@link TracingInterceptor}</b>: The outermost step: one span per tool call, {@code "execute_tool
 * {gen_ai.tool.name}"} (kind {@code INTERNAL}, with {@code gen_ai.operation.name} and {@code gen_ai.tool.name} as
 * the OpenTelemetry conventions name them, and {@code error.type}, the call's {@link ErrorTypes} label, when it
 * failed), a child of the current span (the MCP request's). While the call runs, the span is current (the tool
 * executor carries it to the handler's thread, so the handler's Redis, JDBC and HTTP calls are its children) and
 * its trace and span ids are in the logging MDC ({@value TracingInterceptor#TRACE_ID}, {@value
 * TracingInterceptor#SPAN_ID}), so every log line of the call carries them. With the no-op tracer and no trace to
 * continue, the call just proceeds: no span is made current and the MDC is left alone. Thread-safe.
 *
 * <p><b>{@link CallLogInterceptor}</b>: Writes one structured diagnostic line per tool call on the {@code
 * dev.bulwark.calls} logger: outcome, error type, cache result and duration, next to the tool, principal and
 * request id the {@link RequestContextInterceptor} put in the MDC. A call that failed on the server's side is
 * logged at WARN; one refused for the caller's own mistake or limit ({@link ErrorTypes#isCallersSide}), and a
 * cancelled one, at INFO; a successful one, and one that waits for a 2026-era client's input, at DEBUG,
 * since the {@link AuditInterceptor}'s line already records every call at INFO (one line per call, not two, at the
 * default level). Argument values are never logged: they may hold personal data.
 *
 * <p><b>{@link ResultSizeLimit}</b>: The largest result the server sends ({@code limits.max-result-size}), counted
 * as the UTF-8 bytes of the result's JSON (a tool's {@code CallToolResult}, a {@code ReadResourceResult}, a {@code
 * GetPromptResult}), without the JSON-RPC envelope around it.
 *
 * <p>Counting costs nothing for the usual small result: a caller that can bound the result's size from the length
 * of its strings (each character at most a six-byte JSON escape, plus the keys and punctuation around them) passes
 * that bound, and a result whose bound is within the limit is let through unserialized. Any other result is written
 * by the JSON mapper to a byte counter, the exact size the client would receive. Thread-safe.
 *
 * <p><b>{@link DeferredHandler}</b>: The handler of one isolated call, held until its caller runs it on its own
 * thread. A caller that can be answered from any thread (the HTTP transports, the stdio transport's request
 * threads) passes one with the call ({@link ToolInvocation#withDeferredHandler}); the pipeline then returns the
 * call's pending outcome with every stage attached and holds the handler here, instead of handing it to the tool
 * executor; the caller runs it next ({@link DeferredHandler#runHere}). The call is still answered at its deadline,
 * by the deadline timer, while the handler goes on; the caller is then told that its thread is held ({@link
 * DeferredHandler#heldPastDeadline}). One per call; thread-safe.
 *
 * <p><b>{@link ToolInterceptor}</b>: One step of the tool pipeline. It may act before the rest of the chain, after
 * it (on the outcome the chain returns, which may complete later on another thread: an isolated handler's, or the
 * timer's at the call's deadline), answer without calling it (a cache hit), or end the call by throwing a {@link
 * dev.bulwark.core.BulwarkException} (the chain turns what it throws into a failed outcome). A step that acts after
 * the chain attaches to the outcome ({@code whenComplete}, {@code handle}) rather than waiting for it, and reads a
 * failure with {@link CallOutcomes#causeOf}. Implementations must be thread-safe: one instance serves every call.
 *
 * <p><b>{@link MetricsInterceptor}</b>: Records every tool call in Micrometer, under the seeds' names and the
 * OpenTelemetry MCP semantic conventions:
 *
 * <ul>
 *   <li>{@code mcp.requests{method, status}} and {@code mcp.request.duration{method}} (histogram);
 *   <li>{@code mcp.tool.calls{tool, outcome, protocol_era}} ({@code success}, {@code error}, {@code cancelled};
 *       the era's version),
 *       {@code mcp.errors{error_type}} (not for a call its client cancelled: that is no error; registered at zero
 *       for every {@link ErrorTypes#KNOWN} type, so dashboards have the series before the first failure),
 *       {@code mcp.inflight.requests};
 *   <li>{@code mcp.server.operation.duration{mcp.method.name, gen_ai.tool.name, error.type}} — {@code error.type}
 *       is {@code none} on success, because a Prometheus series needs a fixed label set.
 * </ul>
 *
 * <p>{@code mcp.requests} has the {@code status} {@code ok}, {@code error}, {@code cancelled} or {@code
 * input_required}. Thread-safe.
 *
 * <p><b>{@link CallCancellation}</b>: Whether the client cancelled one tool call, and what is done when it does:
 * {@link CallCancellation#cancel()} happens at most once (the transport read the client's {@code
 * notifications/cancelled}), and runs every action registered with {@link CallCancellation#onCancel(Runnable)}
 * then, or at once for an action registered after it. A call that ran out of time is over for its handler too
 * ({@link CallCancellation#isOver}). {@link CallCancellation#NEVER} is the cancellation of a call no client can
 * cancel (one run directly on the pipeline). Thread-safe.
 *
 * <p><b>{@link ToolExecutors}</b>: The executor tool handlers run on: one virtual thread per call when the JVM has
 * them (Java 21+), otherwise a cached pool of daemon platform threads (its size is bounded by the pipeline's
 * bulkheads, plus the handlers of cancelled calls that ignore their interrupt: a cancelled call gives its permits
 * back at once). Bulwark compiles for Java 17, so the virtual-thread factory is looked up at run time.
 *
 * <p><b>{@link CallPermits}</b>: The two bulkhead permits of one call, given back exactly once: by its handler when
 * it ends, by the caller when the handler never started (cancelled while queued, refused by the executor), or at
 * once when the client cancels the call. Whichever claims the call first decides whether the handler may still
 * start, so a handler the caller gave up on before it started never runs. Thread-safe.
 *
 * <p><b>{@link InflightRequests}</b>: The {@code mcp.inflight.requests} gauge of a meter registry: the tool calls
 * in flight of every server built on that registry, in one count per registry. Micrometer keeps the first gauge
 * registered under a name, so a count per server would report only the first server's calls, and removing the gauge
 * with one closed server would hide the others'. A registry's count is forgotten with the registry. Thread-safe.
 *
 * <p><b>{@link ClientInputTracking}</b>: A call context that knows whether its call depends on what its client
 * answered: it carries a 2026-era client's answers (a retry with {@code inputResponses} or a {@code
 * requestState}), or its handler asked the client (elicitation, sampling, roots). Such a result belongs to that
 * client's answers, never to the arguments alone, so {@link CachingInterceptor} neither serves such a call from the
 * cache nor stores its result. Thread-safe.
 *
 * <p><b>{@link HandlerThread}</b>: Where an isolated tool's handler runs: on the tool executor ({@link
 * HandlerThread#TOOL_EXECUTOR}), or on the thread that started its call, once the call is armed ({@link
 * HandlerThread#requestThread}), for a caller whose answer any thread may write. A caller whose threads are few can
 * be told when a handler keeps one past its call's deadline, to carry on without it. Immutable; thread-safe.
 *
 * <p><b>{@link CallerThreadInterrupt}</b>: Interrupts the thread a handler runs on when its client cancels the call
 * or its deadline passes, only while the handler runs: once {@link CallerThreadInterrupt#finish()} returns no
 * interrupt can reach the thread any more, and an interrupt this class caused is cleared, so the transport's thread
 * goes on to its next request without it. Thread-safe.
 */
package dev.bulwark.core.internal.presentation.pipeline;
