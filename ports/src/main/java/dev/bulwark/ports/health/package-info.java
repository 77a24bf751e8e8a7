/**
 * How each outbound dependency reports its health, and how a transport reads the server's combined health for its
 * liveness and readiness probes.
 */
package dev.bulwark.ports.health;
