/**
 * How a transport serves the server's metrics to a scraper without knowing the metrics library.
 */
package dev.bulwark.ports.metrics;
