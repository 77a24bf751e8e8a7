/**
 * Calls in flight: how a transport tells the core that its client cancelled one of its requests, and which call a
 * request the server sends to the client belongs to.
 */
package dev.bulwark.ports.calls;
