package dev.bulwark.ports.metrics;

/**
 * The server's metrics in a text exposition format, for a transport to serve. Implementations must be
 * thread-safe.
 */
public interface MetricsExposition {

    /** The HTTP content type of {@link #scrape()}, for example Prometheus text format {@code 0.0.4}. */
    String contentType();

    /** Every metric as it stands now. */
    String scrape();
}
