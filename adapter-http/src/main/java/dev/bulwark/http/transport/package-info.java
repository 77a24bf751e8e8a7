/**
 * The MCP Streamable HTTP transport on Jetty 12 core handlers: the SDK's transport interfaces implemented by
 * Bulwark, which owns the HTTP mechanics (bodies, SSE framing, event ids, resumption) while the SDK keeps JSON-RPC,
 * sessions and MCP semantics.
 */
package dev.bulwark.http.transport;
