package dev.bulwark.http.edge;

import dev.bulwark.http.metrics.HttpMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Jetty's server-wide error handler: a JSON-RPC error body, never an HTML page.
 */
public final class JsonRpcErrorHandler extends ErrorHandler {

    /**
     * The most a request's line and headers may hold, in bytes (Jetty's default, set on every connector so that the
     * 414 and 431 answers can name it).
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 8 * 1024;

    /** What a request refused here counts as in the metrics. */
    static final String REFUSAL = "malformed_request";

    private final HttpMetrics metrics;
    private final String mcpConnector;

    /**
     * @param metrics where a refused request on the MCP port is counted
     * @param mcpConnector the name of the MCP port's connector (requests to the management port are not counted)
     */
    public JsonRpcErrorHandler(HttpMetrics metrics, String mcpConnector) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.mcpConnector = Objects.requireNonNull(mcpConnector, "mcpConnector");
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
        setShowMessageInTitle(false);
        setDefaultResponseMimeType("application/json");
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return !"HEAD".equals(method);
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause)
            throws IOException {
        // Jetty closes the connection after a request it could not read; say so, as every refusal at the edge does
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return super.generateAcceptableResponse(
                request, response, callback, "application/json", List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(JsonRpcErrors.body(
                JsonRpcErrors.codeFor(code),
                code == 400
                        ? "Bad request: the HTTP request is malformed (its request line, headers or body framing)"
                        : JsonRpcErrors.messageFor(code, request.getHttpURI().getPath())));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean handled = super.handle(request, response, callback);
        if (mcpConnector.equals(request.getConnectionMetaData().getConnector().getName())) {
            metrics.exchangeEnded(
                    request.getMethod(), response.getStatus(), NanoTime.since(request.getBeginNanoTime()), REFUSAL);
        }
        return handled;
    }
}
