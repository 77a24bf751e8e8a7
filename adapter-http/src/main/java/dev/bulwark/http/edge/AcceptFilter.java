package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * The {@code Accept} header Streamable HTTP requires: a POST must accept both {@code application/json} and
 * {@code text/event-stream}, a GET (the server's event stream) {@code text/event-stream}. Anything else gets 406
 * with a JSON-RPC error saying what to send. Thread-safe.
 */
public final class AcceptFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = request.getHeader("Accept");
        String accepted = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        String method = request.getMethod();
        if ("POST".equals(method) && !(accepted.contains(JSON) && accepted.contains(EVENT_STREAM))) {
            refuse(request, response, "Not acceptable: a POST must send Accept: application/json, text/event-stream");
            return;
        }
        if ("GET".equals(method) && !accepted.contains(EVENT_STREAM)) {
            refuse(request, response, "Not acceptable: a GET opens an event stream and must send"
                    + " Accept: text/event-stream");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        Exchange.of(request).refuse("not_acceptable");
        JsonRpcErrors.send(response, 406, JsonRpcErrors.INVALID_REQUEST, message);
    }
}
