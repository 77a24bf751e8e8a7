/**
 * The MCP Streamable HTTP transports on Jetty 12 core handlers, stateful and stateless, and the endpoint of the 2026
 * era's requests: Bulwark owns the HTTP mechanics (bodies, SSE framing, event ids, resumption) while the SDK keeps
 * JSON-RPC, sessions and MCP semantics (docs/architecture.md, "Owning the HTTP transport on Jetty core handlers").
 */
package dev.bulwark.http.transport;
