/**
 * The health model: every dependency's health combined into healthy, degraded or unhealthy, for the probes and the
 * {@code health_check} tool.
 */
package dev.bulwark.core.internal.business.health;
