package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The media types a request declares. {@code Accept}, as Streamable HTTP requires it: a POST must accept both
 * {@code application/json} and {@code text/event-stream}, a GET (the server's event stream) {@code text/event-stream};
 * anything else gets 406. {@code Content-Type} of a POST: {@code application/json}, in UTF-8 (MCP messages are UTF-8
 * JSON); anything else gets 415. A POST's body must come unencoded ({@code Content-Encoding}: 415;
 * {@code Transfer-Encoding} other than {@code chunked}: 501), and is checked to be UTF-8 while it is read
 * ({@link Utf8CheckedRequest}: a body that is not gets 400 with {@code -32700}). Each refusal is a JSON-RPC error
 * saying what to send.
 *
 * <p>{@code Content-Type} is checked from the raw header: the servlet API's content type throws on a charset it does
 * not know, which the transport turned into a 500, and a body declared in another charset (UTF-16) would be decoded
 * as that and then fail as "not JSON". One filter for both headers keeps the request path one filter shorter.
 * Thread-safe.
 */
public final class MediaTypeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String BOTH = JSON + ", " + EVENT_STREAM;
    private static final Pattern ZERO_QUALITY = Pattern.compile("q=0(\\.0{0,3})?");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        HttpServletRequest handedOn = request;
        if (!BOTH.equals(request.getHeader("Accept"))) { // what MCP clients send needs no parsing
            Set<String> accepted = acceptedTypes(request.getHeaders("Accept"));
            if ("POST".equals(method) && !(accepted.contains(JSON) && accepted.contains(EVENT_STREAM))) {
                refuse(request, response, 406, "not_acceptable",
                        "Not acceptable: a POST must send Accept: application/json, text/event-stream");
                return;
            }
            if ("GET".equals(method) && !accepted.contains(EVENT_STREAM)) {
                refuse(request, response, 406, "not_acceptable",
                        "Not acceptable: a GET opens an event stream and must send Accept: text/event-stream");
                return;
            }
            handedOn = inTheFormTheTransportReads(request);
        }
        if ("POST".equals(method)) {
            String problem = contentTypeProblem(request.getHeader("Content-Type"));
            if (problem != null) {
                refuse(request, response, 415, "unsupported_media_type",
                        "Unsupported media type: " + problem + "; send Content-Type: application/json");
                return;
            }
            if (!refusedForItsCodings(request, response)) {
                chain.doFilter(new Utf8CheckedRequest(handedOn), response);
            }
            return;
        }
        chain.doFilter(handedOn, response);
    }

    /**
     * Refuses a POST whose body comes in a coding the server does not undo, which would otherwise be read as JSON
     * as it is: a {@code Content-Encoding} (gzip, say) gets 415 naming it, with {@code Accept-Encoding: identity}
     * (RFC 9110, 15.5.16); a {@code Transfer-Encoding} other than {@code chunked} gets 501 (RFC 9112, 6.1).
     *
     * @return whether the request was refused (and answered)
     */
    private static boolean refusedForItsCodings(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String contentEncoding = request.getHeader("Content-Encoding");
        if (contentEncoding != null && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            response.setHeader("Accept-Encoding", "identity");
            refuse(request, response, 415, "unsupported_media_type", "Unsupported media type: the body is encoded"
                    + " (Content-Encoding: " + printable(contentEncoding) + "); send it unencoded");
            return true;
        }
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            refuse(request, response, 501, "not_implemented", "Not implemented: the transfer coding "
                    + printable(transferEncoding) + "; send the body as it is, or chunked");
            return true;
        }
        return false;
    }

    /** A header value to quote in an answer: at most 64 characters, only printable ASCII. */
    private static String printable(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** What is wrong with a POST's content type, or {@code null} when it is JSON in UTF-8. */
    private static String contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "the request has no Content-Type";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(JSON)) {
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
    private static Set<String> acceptedTypes(Enumeration<String> headers) {
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

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status,
            String errorType, String message) throws IOException {
        Exchange.of(request).refuse(errorType);
        JsonRpcErrors.send(response, status, JsonRpcErrors.INVALID_REQUEST, message);
    }
}
