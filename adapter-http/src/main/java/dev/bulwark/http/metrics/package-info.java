/** The HTTP adapter's own meters (connections, exchanges, refusals, sessions), published as a Micrometer binder. */
package dev.bulwark.http.metrics;
