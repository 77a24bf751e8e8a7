/**
 * The health model: combining every dependency's health into healthy, degraded or unhealthy.
 *
 * <p><b>{@link HealthService}</b>: Combines every dependency's health into one {@link HealthReport}:
 *
 * <ul>
 *   <li>{@code UNHEALTHY} when draining, or when a {@link Criticality#REQUIRED required} component is down;
 *   <li>{@code DEGRADED} when an optional component is down, or any component reports degraded;
 *   <li>{@code HEALTHY} otherwise (and with no components at all).
 * </ul>
 *
 * <p>It is also the {@link ServerHealthSource} transports read for their liveness and readiness endpoints:
 * readiness ({@link HealthService#serverHealth()}) runs the probes afresh; liveness ({@link
 * HealthService#lastKnownHealth()}) answers from memory with what the last check found, and starts a check in the
 * background (one at a time) when that is older than {@link HealthService#LIVENESS_REFRESH}, so that it never waits
 * on a dependency. Thread-safe; {@link HealthService#check()} runs the probes afresh.
 */
package dev.bulwark.core.internal.business.health;
