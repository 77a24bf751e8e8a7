/**
 * The HTTP adapter's own meters (connections, exchanges, refusals, sessions), a Micrometer binder; docs/operations.md
 * lists them.
 */
package dev.bulwark.http.metrics;
