package dev.bulwark.http.ops;

import dev.bulwark.ports.metrics.MetricsExposition;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code /metrics}: the server's meters in the exposition format of the {@link MetricsExposition} port
 * (Prometheus text in the reference server), for a scraper; never behind authentication, never holding secrets.
 * Thread-safe.
 */
public final class MetricsEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MetricsExposition metrics;

    public MetricsEndpoint(MetricsExposition metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = metrics.scrape();
        response.setStatus(200);
        response.setContentType(metrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(text);
    }
}
