/** The hardened edge in front of {@code /mcp}: Origin and Host checks, protocol version, media types, body size, the caller, and JSON-RPC error bodies for every refusal. */
package dev.bulwark.http.edge;
