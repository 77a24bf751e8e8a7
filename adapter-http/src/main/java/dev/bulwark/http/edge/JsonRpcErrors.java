package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.McpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the JSON-RPC error bodies of the HTTP edge's refusals. Thread-safe.
 */
public final class JsonRpcErrors {

    /** JSON-RPC: the body is not valid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** JSON-RPC: the request is not a valid request (wrong headers, too large, unsupported version). */
    public static final int INVALID_REQUEST = -32600;
    /** JSON-RPC: an internal error of the server. */
    public static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error: the server cannot take the request now (draining, at capacity). */
    public static final int SERVER_UNAVAILABLE = -32000;
    /** Implementation-defined server error: the session is unknown, ended or expired. */
    public static final int SESSION_NOT_FOUND = -32001;
    /** Implementation-defined server error: the request was refused (Origin, Host, scope). */
    public static final int FORBIDDEN = -32003;
    /** Implementation-defined server error: the request carries no valid credential. */
    public static final int UNAUTHORIZED = -32004;

    /**
     * The error message of a call still running when the drain's grace ended: the client gets an answer, and learns
     * the call may have had its effect. The stdio transport says the same.
     */
    /**
     * The answer to a request whose answer could not be produced or written (its handler failed, or the heap ran out
     * writing it): safe to show, the failure itself goes to the log.
     */
    public static final String UNANSWERABLE = "Internal error: the request could not be answered";
    /**
     * The error type, in {@code mcp_errors_total} as {@code http_internal_error}, of a request answered with
     * {@link #UNANSWERABLE}.
     */
    public static final String UNANSWERABLE_ERROR_TYPE = "internal_error";

    public static final String CUT_OFF = "The server shut down before this call finished: it was cut off when the"
            + " shutdown's grace for calls in flight ended, and may have run in part or in full; check its effect"
            + " before retrying";

    private static final String HEAD_LIMIT = JsonRpcErrorHandler.MAX_REQUEST_HEAD_BYTES / 1024 + " KiB";

    private JsonRpcErrors() {}

    /**
     * Sends {@code status} with a JSON-RPC error body on a Jetty core response, keeping the headers already set, in
     * one write that ends it, and (but for a 200 answer) closes the connection after it. When the response is already
     * committed nothing can be said any more: the exchange fails.
     */
    public static void send(Response response, Callback callback, int status, Object id, int code, String message) {
        if (response.isCommitted()) {
            callback.failed(new IOException("The response was committed before its error could be written"));
            return;
        }
        byte[] json = body(id, code, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (status != 200) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        headers.put(HttpHeader.CONTENT_LENGTH, json.length);
        McpExchange.writeLast(response, ByteBuffer.wrap(json), callback);
    }

    /** Sends {@code status} with its fixed message and the code that fits it, as {@link #send(Response, Callback, int, Object, int, String)}. */
    public static void send(Response response, Callback callback, int status) {
        send(response, callback, status, null, codeFor(status), messageFor(status));
    }

    /** A JSON-RPC error response without an id (the request may not even have been read). */
    public static String body(int code, String message) {
        return body(null, code, message);
    }

    /** A JSON-RPC error response to the request {@code id}: a string, an integer, or {@code null}. */
    public static String body(Object id, int code, String message) {
        String idJson = id == null ? "null" : id instanceof String text ? "\"" + escape(text) + "\"" : id.toString();
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":" + code + ",\"message\":\""
                + escape(message) + "\"}}";
    }

    /** The JSON-RPC error code that fits an HTTP status. */
    public static int codeFor(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> SESSION_NOT_FOUND;
            case 429, 503 -> SERVER_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }

    /**
     * A fixed, safe message for an HTTP status of a request to {@code path}, for errors raised below the edge (by
     * the SDK transport or Jetty), whose own messages are never passed on.
     */
    public static String messageFor(int status, String path) {
        if (status == 404 && !"/mcp".equals(path)) {
            return "Not found: nothing is served at this path (MCP is at /mcp; the operations endpoints are /health,"
                    + " /ready and /metrics)";
        }
        return messageFor(status);
    }

    /** A fixed, safe message for an HTTP status, as {@link #messageFor(int, String)} for a request to {@code /mcp}. */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "Bad request: the request is malformed";
            case 401 -> "Unauthorized: send a valid credential in the Authorization header";
            case 403 -> "Forbidden";
            case 404 ->
                "Not found: the MCP endpoint is /mcp, and an unknown, ended or expired session must start"
                        + " again with initialize";
            case 405 -> "Method not allowed on this endpoint";
            case 406 -> "Not acceptable: send Accept: application/json, text/event-stream";
            case 408 -> "Request timeout: the request arrived too slowly";
            case 413 -> "Request body too large: it is over the server's limit (limits.max-request-size)";
            case 415 -> "Unsupported media type: send Content-Type: application/json";
            case 414 ->
                "URI too long: the request line and headers may hold at most " + HEAD_LIMIT
                        + "; send what the URI carries in the body";
            case 431 -> "Request headers too large: the request line and headers may hold at most " + HEAD_LIMIT;
            case 503 -> "Service unavailable: the server is shutting down or at capacity; retry shortly";
            default -> status >= 500 ? "Internal server error" : "Request refused (HTTP " + status + ")";
        };
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
