/**
 * The hardened edge in front of {@code /mcp}: HTTP methods, Origin and Host checks, protocol version, media types,
 * body size and read rate, the caller, and a JSON-RPC error body for every refusal (docs/architecture.md, "The HTTP
 * edge").
 */
package dev.bulwark.http.edge;
