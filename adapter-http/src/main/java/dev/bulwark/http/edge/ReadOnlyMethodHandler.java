package dev.bulwark.http.edge;

import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses with 405, off the MCP endpoint, every method but {@code GET}, {@code HEAD} and {@code OPTIONS}.
 */
public final class ReadOnlyMethodHandler extends Handler.Wrapper {

    private static final Set<String> REACHES_A_PATH = Set.of("GET", "POST", "DELETE", "OPTIONS", "HEAD");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String ALLOWED = "GET, HEAD, OPTIONS";

    private final Set<String> served;

    private ReadOnlyMethodHandler(Handler next, Set<String> served) {
        super(next);
        this.served = served;
    }

    /**
     * In front of every path of a port but the MCP endpoint: methods no path serves get 405; the rest reach their
     * path, where one nothing serves answers 404.
     */
    public static ReadOnlyMethodHandler forPaths(Handler next) {
        return new ReadOnlyMethodHandler(next, REACHES_A_PATH);
    }

    /** In front of one read-only endpoint: anything but a read gets 405, and {@code OPTIONS} gets the Allow list. */
    public static ReadOnlyMethodHandler forEndpoint(Handler endpoint) {
        return new ReadOnlyMethodHandler(endpoint, READS);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (served == READS && "OPTIONS".equals(request.getMethod())) {
            response.getHeaders().put("Allow", ALLOWED);
            response.setStatus(200);
            response.write(true, null, callback);
            return true;
        }
        if (!served.contains(request.getMethod())) {
            response.getHeaders().put("Allow", ALLOWED);
            JsonRpcErrors.send(
                    response,
                    callback,
                    405,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Method not allowed: this path serves " + ALLOWED + " only");
            return true;
        }
        return super.handle(request, response, callback);
    }
}
