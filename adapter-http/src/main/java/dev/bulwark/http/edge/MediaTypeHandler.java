package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses requests whose {@code Accept} or {@code Content-Type} Streamable HTTP does not allow.
 */
public final class MediaTypeHandler extends EdgeHandler {

    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String BOTH = JSON + ", " + EVENT_STREAM;
    private static final Pattern ZERO_QUALITY = Pattern.compile("q=0(\\.0{0,3})?");

    @Override
    protected boolean admit(McpExchange exchange) {
        String method = exchange.method();
        List<String> accept = exchange.request().getHeaders().getValuesList("Accept");
        if (accept.size() != 1 || !BOTH.equals(accept.get(0))) { // what MCP clients send needs no parsing
            Set<String> accepted = acceptedTypes(accept);
            if ("POST".equals(method) && !(accepted.contains(JSON) && accepted.contains(EVENT_STREAM))) {
                return refuse(
                        exchange,
                        406,
                        "not_acceptable",
                        "Not acceptable: a POST must send Accept: application/json, text/event-stream");
            }
            if ("GET".equals(method) && !accepted.contains(EVENT_STREAM)) {
                return refuse(
                        exchange,
                        406,
                        "not_acceptable",
                        "Not acceptable: a GET opens an event stream and must send Accept: text/event-stream");
            }
        }
        if (!"POST".equals(method)) {
            return true;
        }
        String problem = contentTypeProblem(exchange.header("Content-Type"));
        if (problem != null) {
            return refuse(
                    exchange,
                    415,
                    "unsupported_media_type",
                    "Unsupported media type: " + problem + "; send Content-Type: application/json");
        }
        String contentEncoding = exchange.header("Content-Encoding");
        if (contentEncoding != null && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            exchange.response().getHeaders().put("Accept-Encoding", "identity");
            return refuse(
                    exchange,
                    415,
                    "unsupported_media_type",
                    "Unsupported media type: the body is encoded" + " (Content-Encoding: " + printable(contentEncoding)
                            + "); send it unencoded");
        }
        String transferEncoding = exchange.header("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            return refuse(
                    exchange,
                    501,
                    "not_implemented",
                    "Not implemented: the transfer coding " + printable(transferEncoding)
                            + "; send the body as it is, or chunked");
        }
        return true;
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
                    && !isUtf8(parameter
                            .substring("charset=".length())
                            .replace("\"", "")
                            .trim())) {
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
     * The media types the {@code Accept} headers list, lower case and without parameters, leaving out those with
     * {@code q=0}. Exact types: {@code application/jsonx} is not JSON.
     */
    private static Set<String> acceptedTypes(List<String> headers) {
        Set<String> types = new HashSet<>();
        for (String header : headers) {
            for (String range : header.split(",")) {
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

    private static boolean refuse(McpExchange exchange, int status, String errorType, String message) {
        exchange.refuse(status, errorType, JsonRpcErrors.INVALID_REQUEST, message);
        return false;
    }
}
