/**
 * Builds MCP SDK servers from Bulwark's tools, resources and prompts, for any transport it is handed.
 *
 * <p><b>{@link dev.bulwark.core.internal.presentation.server.MessageCheckingJsonMapper}</b> checks each client
 * message's JSON-RPC envelope ({@code "jsonrpc": "2.0"}, a string {@code method}, a string or integer {@code id})
 * and the params of the requests the server handles, refusing one that does not fit with {@code -32600 Invalid
 * Request} or {@code -32602 Invalid params} and a message naming the field. Transports turn a message into the SDK's
 * types through {@code convertValue(Object, Class)}; for a message that does not fit, that throws an
 * {@link java.lang.IllegalArgumentException} (what the SDK's transports treat as a malformed message) caused by the
 * {@code McpError} to answer with. Bulwark's transports answer with that error and the request's id when it has a
 * valid one; another transport answers with its own malformed-message error. A request that fits is returned with
 * its params already in the type its handler reads, and the handler's own conversion returns them as they are, so
 * params are converted once. Checked params: {@code initialize} ({@code protocolVersion}), {@code tools/call}
 * ({@code name}), {@code resources/read}, {@code resources/subscribe} and {@code resources/unsubscribe}
 * ({@code uri}), {@code prompts/get} ({@code name}), {@code completion/complete} ({@code ref}, {@code argument} with
 * its {@code name} and {@code value}), {@code logging/setLevel} (a known {@code level}) and the {@code list} methods
 * (a string {@code cursor}); other methods' params, and notifications', pass unchecked.
 *
 * <p><b>{@link McpServerAssembler}</b>: a single-session provider (stdio) runs its requests as the caller it is
 * given; Streamable HTTP and stateless HTTP transports must name the caller of every request. The SDK's own input
 * validation is off: the pipeline validates with field-level messages. With {@code withToolListFilter}, {@code
 * tools/list} shows each caller only the tools its scopes let it call ({@link ScopeToolFilter}). A client can cancel
 * its tool calls ({@code notifications/cancelled}, {@link InFlightCalls}) over stateless HTTP and over a session
 * transport that reports cancellations ({@link ReportsCancellations}: Bulwark's stdio and stateful HTTP). Session
 * servers use the SDK's sync API for everything but tools; stateless servers its async API throughout. A tool is
 * always an asynchronous SDK tool ({@link FeatureHandlers#callTool}), so that its call is answered by the thread that
 * completes it and no thread waits for an isolated handler.
 *
 * <p><b>{@link RequestParams}</b>: params that do not fit (not an object, {@code "arguments": "x"}, a {@code
 * tools/call} without a {@code name}, an unknown logging level) are refused with a message naming the field and what
 * it must be, never the Java types involved. It runs before the SDK because the SDK's handlers convert the params
 * with no guard, before their reactive chain starts: a bad field would surface as an internal error quoting Jackson
 * and the SDK's class names (stdio), an HTTP 500 (stateless), or an empty {@code 200} event stream that never answers
 * (sessions), each logged as a server ERROR. Methods it does not know are left to the SDK. The params of {@code
 * tools/call} also get the request's JSON-RPC id in their {@code _meta}, for its cancellation; those of {@code
 * resources/read}, {@code prompts/get} and {@code completion/complete} too, for their span ({@link RpcIdInMeta}).
 *
 * <p><b>{@link SessionTasks}</b>: answers a task-augmented {@code tools/call}, {@code tasks/get}, {@code
 * tasks/result}, {@code tasks/list} and {@code tasks/cancel}, which the SDK's session does not know. The tasks are the
 * 2026 era's ({@code Tasks}): the same store, ownership by caller subject, limits, TTL and leases; only the wire
 * differs. A status change made here reaches the task's session as {@code notifications/tasks/status}.
 * {@link TaskServingProvider} (stdio) and {@link TaskServingStreamableProvider} (stateful HTTP) put it in front of
 * the SDK's sessions. Over HTTP a task's call runs through the SDK's session as any call, its answer kept for the
 * task; what the call sends its client meanwhile goes on the session's GET stream, if one is open. The
 * {@code initialize} answer, which the transport writes itself, is shaped by the transport
 * ({@link dev.bulwark.ports.calls.WritesInitializeAnswers}).
 */
package dev.bulwark.core.internal.presentation.server;
