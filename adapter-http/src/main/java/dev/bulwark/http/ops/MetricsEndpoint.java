package dev.bulwark.http.ops;

import dev.bulwark.ports.metrics.MetricsExposition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /metrics}: the server's meters for a scraper, never behind authentication.
 */
public final class MetricsEndpoint extends Handler.Abstract {

    private final MetricsExposition metrics;

    public MetricsEndpoint(MetricsExposition metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(text), callback);
        return true;
    }
}
