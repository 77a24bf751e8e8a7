/**
 * What a request brings across the MCP SDK from its transport to the core: one {@link RequestOrigin} under one
 * transport-context key, and the {@link ProtocolEra} it belongs to.
 *
 * <p>A transport builds the origin once per request: the HTTP edge with the caller, the client's request id and
 * trace context; stdio with its configured operator. The core's 2026-era dispatcher adds what only a request of
 * that era has (its JSON-RPC id, notification sink, cancellation signal, input round) before it hands the request to
 * the SDK's server, and the pipeline reads it back with {@link RequestOrigin#from}. The protocol version strings are
 * spelled only in {@link ProtocolEra}.
 */
package dev.bulwark.ports.origin;
