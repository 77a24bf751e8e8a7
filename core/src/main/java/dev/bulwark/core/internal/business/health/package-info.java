/** The health model: combining every dependency's health into healthy, degraded or unhealthy. */
package dev.bulwark.core.internal.business.health;
