package dev.bulwark.http;

import dev.bulwark.http.edge.JsonRpcServletErrorHandler;
import dev.bulwark.http.edge.NotFoundServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * How the server's servlet contexts are made alike: rooted at {@code /} without HTTP sessions, JSON-RPC error
 * bodies for every error, a JSON 404 for any path nothing serves, and filters that take async requests.
 *
 * <p>Stateless, so thread-safe.
 */
final class ServletContexts {

    private ServletContexts() {
    }

    /** A new context with the JSON error handler and the not-found servlet. */
    static ServletContextHandler create() {
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        context.setErrorHandler(new JsonRpcServletErrorHandler());
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet()), "/");
        return context;
    }

    /** Filters are applied in the order they are added, among those whose path matches. */
    static void addFilter(ServletContextHandler context, Filter filter, String path) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    }
}
