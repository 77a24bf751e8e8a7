package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The media type of a POST: {@code application/json}, in UTF-8 (MCP messages are UTF-8 JSON). Anything else gets
 * 415 with a JSON-RPC error saying what to send. Checked from the raw header: the servlet API's content type throws
 * on a charset it does not know, which the transport turned into a 500, and a body declared in another charset
 * (UTF-16) would be decoded as that and then fail as "not JSON". Thread-safe.
 */
public final class ContentTypeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod())) {
            String problem = problemWith(request.getHeader("Content-Type"));
            if (problem != null) {
                Exchange.of(request).refuse("unsupported_media_type");
                JsonRpcErrors.send(response, 415, JsonRpcErrors.INVALID_REQUEST,
                        "Unsupported media type: " + problem + "; send Content-Type: application/json");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with a POST's content type, or {@code null} when it is JSON in UTF-8. */
    static String problemWith(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "the request has no Content-Type";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return "the body must be JSON";
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.toLowerCase(Locale.ROOT).startsWith("charset=")
                    && !isUtf8(parameter.substring("charset=".length()).replace("\"", "").trim())) {
                return "the body must be UTF-8";
            }
        }
        return null;
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException unknownOrIllegalName) {
            return false;
        }
    }
}
