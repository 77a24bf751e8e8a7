package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Accept} header Streamable HTTP requires: a POST must accept both {@code application/json} and
 * {@code text/event-stream}, a GET (the server's event stream) {@code text/event-stream}. Anything else gets 406
 * with a JSON-RPC error saying what to send. Thread-safe.
 */
public final class AcceptFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String BOTH = JSON + ", " + EVENT_STREAM;
    private static final Pattern ZERO_QUALITY = Pattern.compile("q=0(\\.0{0,3})?");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (BOTH.equals(request.getHeader("Accept"))) {
            chain.doFilter(request, response); // what MCP clients send: nothing to parse
            return;
        }
        Set<String> accepted = acceptedTypes(request.getHeaders("Accept"));
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
        chain.doFilter(inTheFormTheTransportReads(request), response);
    }

    /**
     * The request as the SDK's transport can read its {@code Accept}: the transport looks for the two types in the
     * first header's text, case-sensitively, so an accepted request that says it otherwise ({@code Application/JSON},
     * or one header per type) is handed on with one header listing both. Most requests are handed on as they are.
     */
    private static HttpServletRequest inTheFormTheTransportReads(HttpServletRequest request) {
        String first = request.getHeader("Accept");
        if (first != null && first.contains(JSON) && first.contains(EVENT_STREAM)) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return "Accept".equalsIgnoreCase(name) ? BOTH : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "Accept".equalsIgnoreCase(name)
                        ? Collections.enumeration(List.of(BOTH))
                        : super.getHeaders(name);
            }
        };
    }

    /**
     * The media types the {@code Accept} headers list, lower case and without parameters, leaving out those with
     * {@code q=0} (which the client says it does not accept). Exact types: {@code application/jsonx} is not JSON.
     */
    static Set<String> acceptedTypes(Enumeration<String> headers) {
        Set<String> types = new HashSet<>();
        if (headers == null) {
            return types;
        }
        while (headers.hasMoreElements()) {
            for (String range : headers.nextElement().split(",")) {
                String[] parts = range.split(";");
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                    refused |= ZERO_QUALITY.matcher(parameter).matches();
                }
                if (!refused) {
                    types.add(parts[0].trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return types;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        Exchange.of(request).refuse("not_acceptable");
        JsonRpcErrors.send(response, 406, JsonRpcErrors.INVALID_REQUEST, message);
    }
}
