/**
 * Tracing: how a transport has the core trace the requests it serves without the core's feature handlers.
 *
 * <p><b>{@link RequestTraces}</b>: Opens the server span of a JSON-RPC request that the MCP SDK or a transport
 * answers itself ({@code initialize}, {@code ping}, the lists, {@code server/discover}, ...). The core implements
 * it with OpenTelemetry; the requests its feature handlers serve ({@code tools/call}, {@code resources/read},
 * {@code prompts/get}, {@code completion/complete}) get {@link Trace#NONE}, since the core traces those itself.
 * Thread-safe.
 *
 * <p><b>{@link TracesRequests}</b>: A transport that sees requests the core's feature handlers never see, and
 * reports them for tracing. The core, handed such a transport, gives it where to report before it starts serving.
 * Thread-safe.
 */
package dev.bulwark.ports.tracing;
