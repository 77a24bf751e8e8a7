package dev.bulwark.http.edge;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What a path no endpoint serves answers, whatever the method: 404 with a JSON-RPC error naming the paths that are
 * served. Thread-safe.
 */
public final class NotFoundHandler extends Handler.Abstract.NonBlocking {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JsonRpcErrors.send(
                response,
                callback,
                404,
                null,
                JsonRpcErrors.codeFor(404),
                JsonRpcErrors.messageFor(404, request.getHttpURI().getPath()));
        return true;
    }
}
