package dev.bulwark.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * One filter standing for one filter per named endpoint, picked by the request's path, so that all of them take one
 * place in the application's filter order. Thread-safe when its filters are.
 */
final class EndpointFilters extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, Filter> byPath;

    /** @param byPath each endpoint's filter by the endpoint's path */
    EndpointFilters(Map<String, Filter> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Filter filter = byPath.get(request.getServletPath());
        if (filter == null) {
            chain.doFilter(request, response);
        } else {
            filter.doFilter(request, response, chain);
        }
    }
}
