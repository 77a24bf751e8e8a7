/**
 * How a transport serves the server's metrics to a scraper without knowing the metrics library.
 *
 * <p><b>{@link MetricsExposition}</b>: The server's metrics rendered in a text exposition format, for a transport
 * to serve to a scraper (the HTTP adapter serves it on {@code /metrics}) without knowing which metrics library or
 * registry produced it. Implementations must be thread-safe and must never render secrets.
 */
package dev.bulwark.ports.metrics;
