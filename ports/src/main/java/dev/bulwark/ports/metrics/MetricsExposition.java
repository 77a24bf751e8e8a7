package dev.bulwark.ports.metrics;

/**
 * The server's metrics rendered in a text exposition format, for a transport to serve to a scraper (the HTTP
 * adapter serves it on {@code /metrics}) without knowing which metrics library or registry produced it.
 * Implementations must be thread-safe and must never render secrets.
 */
public interface MetricsExposition {

    /** The HTTP content type of {@link #scrape()}, for example Prometheus text format {@code 0.0.4}. */
    String contentType();

    /** Every metric as it stands now. */
    String scrape();
}
