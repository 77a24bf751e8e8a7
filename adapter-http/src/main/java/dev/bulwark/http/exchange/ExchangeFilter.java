package dev.bulwark.http.exchange;

import dev.bulwark.http.edge.JsonRpcErrorResponse;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.time.Ticker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost filter on {@code /mcp}: opens an {@link Exchange} for every request, ends it when the response is
 * complete (when the servlet returns, or when an SSE stream it started ends), records it in the HTTP metrics, and
 * turns every error below it into a JSON-RPC error body: {@code sendError} calls through
 * {@link JsonRpcErrorResponse}, and an exception that escapes into a 500 whose body says nothing about it (the
 * exception goes to the log). It also lets the answer to a POST go out in one write with the end of its response
 * ({@link FinalFlushDeferringResponse}). Thread-safe.
 */
public final class ExchangeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeFilter.class);

    private final transient HttpMetrics metrics;
    private final transient Ticker ticker;

    public ExchangeFilter(HttpMetrics metrics, Ticker ticker) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Exchange exchange = new Exchange(request.getMethod(), ticker.nanoTime());
        exchange.attachTo(request);
        exchange.onEnd(() -> metrics.exchangeEnded(exchange.method(), response.getStatus(),
                ticker.nanoTime() - exchange.startNanos(), exchange.refusal()));
        AsyncAwareRequest tracked = new AsyncAwareRequest(request, exchange);
        try {
            HttpServletResponse answer = "POST".equals(request.getMethod())
                    ? new FinalFlushDeferringResponse(response) // a POST carries one request and gets its answer
                    : response; // a GET stream carries no answers, only what the server sends on its own
            chain.doFilter(tracked, new JsonRpcErrorResponse(request, answer));
        } catch (IOException e) {
            // Reading the request or writing the answer failed: the client went away (a reset, a broken pipe), which
            // any client can do at will. Nothing is left to answer on that connection.
            LOG.debug("Connection lost serving {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.getClass().getSimpleName());
            exchange.refuse("connection_lost");
        } catch (ServletException | RuntimeException e) {
            LOG.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), e);
            JsonRpcErrors.send(response, 500, JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.messageFor(500));
        } finally {
            InboundMessageMapper.clear(); // a refusal is answered on this request or not at all
            if (!tracked.asyncStarted) {
                exchange.end();
            }
        }
    }

    /** Ends the exchange when an asynchronous (SSE) response completes, however it completes. */
    private static final class AsyncAwareRequest extends HttpServletRequestWrapper {
        private final Exchange exchange;
        private volatile boolean asyncStarted;

        AsyncAwareRequest(HttpServletRequest request, Exchange exchange) {
            super(request);
            this.exchange = exchange;
        }

        @Override
        public AsyncContext startAsync() {
            AsyncContext context = track(super.startAsync());
            if ("GET".equals(getMethod())) {
                commitHeaders(context);
            }
            return context;
        }

        /**
         * Sends the event stream's status and headers at once: the SDK writes nothing on a new GET stream until a
         * message or a keep-alive ping, so a client or proxy waiting for the response headers could time out
         * first. The transport set its headers before going asynchronous, and nothing else writes yet.
         */
        private static void commitHeaders(AsyncContext context) {
            try {
                context.getResponse().flushBuffer();
            } catch (IOException clientGone) {
                // the stream's first write fails the same way and ends it
            }
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return track(super.startAsync(request, response));
        }

        private AsyncContext track(AsyncContext context) {
            if (!asyncStarted) {
                asyncStarted = true;
                context.addListener(new EndOnComplete(exchange));
            }
            return context;
        }
    }

    private record EndOnComplete(Exchange exchange) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            exchange.end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the container completes the request next; onComplete ends the exchange
        }

        @Override
        public void onError(AsyncEvent event) {
            // the container completes the request next; onComplete ends the exchange
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a restarted async cycle keeps this listener only if re-added; track() already did
        }
    }
}
