package dev.bulwark.http.edge;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The error handler of Bulwark's servlet contexts, replacing Jetty's servlet error page (which shows stack traces
 * by default): a JSON-RPC error body with a fixed message for the status, for requests the edge filters did not
 * answer themselves (an unmapped path, an exception that escaped a servlet). Thread-safe.
 */
public final class JsonRpcServletErrorHandler extends ErrorHandler {

    public JsonRpcServletErrorHandler() {
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
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(JsonRpcErrors.body(JsonRpcErrors.codeFor(code),
                JsonRpcErrors.messageFor(code, request.getHttpURI().getPath())));
    }
}
