package dev.bulwark.http.exchange;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler of {@code /mcp}: opens an {@link McpExchange} for every request.
 */
public final class ExchangeHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    private final HttpMetrics metrics;
    private final Ticker ticker;
    private final long maxBodyBytes;
    private final McpJsonMapper jsonMapper;

    /**
     * @param metrics where each exchange is recorded
     * @param ticker the monotonic clock of exchange durations
     * @param maxBodyBytes the largest request body read
     * @param jsonMapper reads each body as JSON, once ({@link McpExchange#json})
     */
    public ExchangeHandler(HttpMetrics metrics, Ticker ticker, long maxBodyBytes, McpJsonMapper jsonMapper) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxBodyBytes = maxBodyBytes;
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        McpExchange exchange = new McpExchange(request, response, callback, metrics, ticker, maxBodyBytes, jsonMapper);
        try {
            if (!super.handle(request, response, exchange)) {
                JsonRpcErrors.send(response, exchange, 404);
            }
        } catch (Exception e) {
            LOG.error(
                    "Unexpected failure serving {} {}",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    e);
            JsonRpcErrors.send(
                    response, exchange, 500, null, JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.messageFor(500));
        } finally {
            InboundMessageMapper.clear(); // a refusal is answered on this request or not at all
        }
        return true;
    }
}
