/**
 * What a request brings across the MCP SDK from its transport to the core: one {@link RequestOrigin}, built once per
 * request, and the {@link ProtocolEra} it belongs to (the one place the protocol version strings are spelled).
 */
package dev.bulwark.ports.origin;
