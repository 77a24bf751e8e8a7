/**
 * Calls in flight across the transport: a client's cancellation reported to the core, which call a server-to-client
 * request belongs to, and what a transport that runs requests on its own threads is told.
 */
package dev.bulwark.ports.calls;
