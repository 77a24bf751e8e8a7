/**
 * The outbound HTTP adapter: {@link OutboundServices} implements the {@link dev.bulwark.ports.outbound.ServiceClient}
 * port on the JDK's HTTP client for the services registered by name, each behind its own bulkhead, retry policy,
 * circuit breaker and timeout, health-checked in the background, with its credential redacted from every answer
 * (docs/architecture.md, "Outbound calls").
 */
package dev.bulwark.outbound;
