/**
 * The requests of a session that the core answers before the MCP SDK's session sees them (the tool list's
 * pages, the session era's tasks), routed there by the session transports.
 */
package dev.bulwark.ports.sessions;
