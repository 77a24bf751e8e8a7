package dev.bulwark.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The handlers of one port by exact path, and what answers every other path.
 */
final class Routes extends Handler.AbstractContainer {

    /** A map lookup per request and no request wrapper (Jetty's {@code PathMappingsHandler} wraps each request). */
    private final Map<String, Handler> byPath = new HashMap<>();

    private final Handler otherwise;

    /** @param otherwise what answers a path no handler was added for */
    Routes(Handler otherwise) {
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
        addBean(otherwise);
    }

    /** Serves {@code path} with {@code handler}. */
    Routes add(String path, Handler handler) {
        if (byPath.putIfAbsent(path, Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalArgumentException("Two handlers for " + path);
        }
        addBean(handler);
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler handler = byPath.get(Request.getPathInContext(request));
        return (handler == null ? otherwise : handler).handle(request, response, callback);
    }

    @Override
    public List<Handler> getHandlers() {
        List<Handler> all = new ArrayList<>(byPath.values());
        all.add(otherwise);
        return all;
    }
}
