package dev.bulwark.http.edge;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a path no endpoint serves answers, whatever the method: 404 with a JSON-RPC error naming the paths that are
 * served. Without it the container's default servlet answered a POST (or a DELETE) to an unknown path with 405,
 * as if the path existed. Thread-safe.
 */
public final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonRpcErrors.send(response, 404, JsonRpcErrors.codeFor(404),
                JsonRpcErrors.messageFor(404, request.getRequestURI()));
    }
}
