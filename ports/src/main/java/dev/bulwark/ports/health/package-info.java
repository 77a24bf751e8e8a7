/**
 * How each outbound dependency reports its own health, and how a transport reads the server's combined health.
 *
 * <p><b>{@link ServerHealth}</b>: The whole server's health at one instant, as an operations endpoint or a load
 * balancer needs it: the combined status, whether the server is draining for shutdown, and each component's status
 * by name. It carries no details beyond statuses, so it is safe to serve without authentication. Immutable.
 *
 * <p><b>{@link ServerHealthSource}</b>: Where a transport learns the server's combined health, to answer liveness
 * and readiness probes ({@code /health}, {@code /ready}) without knowing how health is computed. The core's health
 * service implements it.
 *
 * <p>Implementations must be thread-safe; {@link ServerHealthSource#serverHealth()} runs the dependency checks
 * afresh and should answer within the health-check timeout, for readiness. {@link
 * ServerHealthSource#lastKnownHealth()} never checks anything and answers at once, for liveness: a liveness probe
 * must not wait on a dependency, or an outage of that dependency gets healthy processes restarted.
 *
 * <p><b>{@link ComponentHealth}</b>: What a {@link HealthIndicator} found: a status and a few details safe to show
 * an operator (latency, pool sizes, a short reason). Details must never hold secrets or hostnames with credentials.
 * Immutable.
 *
 * <p><b>{@link HealthIndicator}</b>: Reports the health of one outbound dependency (Redis, the database, a remote
 * API). The core runs every indicator with a timeout and combines the answers into healthy, degraded or unhealthy.
 *
 * <p>Implementations must be thread-safe and should answer quickly; a slow check is timed out and counted as {@link
 * ComponentStatus#DOWN}. An exception thrown by {@link HealthIndicator#check()} is also counted as down.
 */
package dev.bulwark.ports.health;
