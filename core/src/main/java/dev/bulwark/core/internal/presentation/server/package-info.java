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
 */
package dev.bulwark.core.internal.presentation.server;
