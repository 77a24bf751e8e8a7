/**
 * The outbound HTTP adapter: {@link dev.bulwark.outbound.OutboundServices} implements the
 * {@link dev.bulwark.ports.outbound.ServiceClient} port on the JDK's HTTP client for the services registered by name
 * ({@link dev.bulwark.outbound.ServiceOptions}), each behind its own timeout, bulkhead, circuit breaker and retry
 * policy (Failsafe), health-checked in the background ({@link dev.bulwark.outbound.ServiceHealthIndicator}) and
 * measured ({@link dev.bulwark.outbound.OutboundMetrics}).
 */
package dev.bulwark.outbound;
