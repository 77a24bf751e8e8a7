/**
 * The hardened edge in front of {@code /mcp}: HTTP methods, Origin and Host checks, protocol version, media types,
 * body size, the caller, the reading of request bodies, and JSON-RPC error bodies for every refusal.
 */
package dev.bulwark.http.edge;
