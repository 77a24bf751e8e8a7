/**
 * Calls to the HTTP services registered by name in the configuration: the {@link ServiceClient} port, the values it
 * speaks in and the ways a call can fail. Only registered services are reachable, at paths under their base URL.
 */
package dev.bulwark.ports.outbound;
