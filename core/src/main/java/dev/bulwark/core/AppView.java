package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An MCP Apps view: the HTML a host renders in a sandboxed frame for the tools that name its {@code ui://} URI, and
 * the origins its content-security policy lets it reach. Immutable; thread-safe if the reader is.
 *
 * @param html produces the view's HTML on each read
 * @param timeout its reads' own deadline, else {@code limits.tool-timeout}
 */
public record AppView(
        String uri,
        String name,
        String description,
        Resource.Reader html,
        Csp csp,
        Boolean prefersBorder,
        Set<String> requiredScopes,
        Optional<Duration> timeout) {

    private static final Pattern ORIGIN = Pattern.compile("(https?|wss?)://[A-Za-z0-9*.-]+(:[0-9]{1,5})?");

    public AppView {
        uri = checkedUri(uri, "view");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(csp, "csp");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "view '" + uri + "'");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isPresent()) {
            ExtensionMethod.checkedTimeout(timeout.get(), "view '" + uri + "'");
        }
    }

    /** A view every authenticated caller may read, allowed no origin outside its own document. */
    public static AppView of(String uri, String name, String description, Resource.Reader html) {
        return new AppView(uri, name, description, html, Csp.NONE, null, Set.of(), Optional.empty());
    }

    /** This view, allowed the origins of {@code csp}. */
    public AppView withCsp(Csp csp) {
        return new AppView(uri, name, description, html, csp, prefersBorder, requiredScopes, timeout);
    }

    /** This view, asking the host for a visible border or for none. */
    public AppView withPrefersBorder(boolean prefers) {
        return new AppView(uri, name, description, html, csp, prefers, requiredScopes, timeout);
    }

    /** This view, readable only by callers holding every one of {@code scopes}. */
    public AppView withRequiredScopes(String... scopes) {
        return new AppView(uri, name, description, html, csp, prefersBorder, RequiredScopes.listed(scopes), timeout);
    }

    /**
     * This view, each read ended after {@code timeout} and answered with the timeout error a tool gets, instead of
     * after the server's {@code limits.tool-timeout}.
     *
     * @throws IllegalArgumentException if the timeout is not positive or past 365 days
     */
    public AppView withTimeout(Duration timeout) {
        return new AppView(uri, name, description, html, csp, prefersBorder, requiredScopes, Optional.of(timeout));
    }

    /** {@code uri} if it is a {@code ui://} URI; otherwise an exception naming {@code owner}. */
    static String checkedUri(String uri, String owner) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(McpApps.SCHEME) || uri.length() == McpApps.SCHEME.length() || uri.length() > 512) {
            throw new IllegalArgumentException(
                    owner + ": view URI '" + uri + "' is no ui:// URI; name one such as 'ui://orders/board.html'");
        }
        return uri;
    }

    /**
     * The origins a view may reach, as the extension's {@code _meta.ui.csp} names them; each list empty by default,
     * which allows none.
     *
     * @param connectDomains origins for fetch, XHR and WebSocket ({@code connect-src})
     * @param resourceDomains origins for scripts, styles, images, fonts and media
     * @param frameDomains origins for nested frames ({@code frame-src})
     * @param baseUriDomains origins allowed as the document's base URI ({@code base-uri})
     */
    public record Csp(
            List<String> connectDomains,
            List<String> resourceDomains,
            List<String> frameDomains,
            List<String> baseUriDomains) {

        /** No origin outside the view's own document. */
        public static final Csp NONE = new Csp(List.of(), List.of(), List.of(), List.of());

        public Csp {
            connectDomains = origins(connectDomains, "connectDomains");
            resourceDomains = origins(resourceDomains, "resourceDomains");
            frameDomains = origins(frameDomains, "frameDomains");
            baseUriDomains = origins(baseUriDomains, "baseUriDomains");
        }

        private static List<String> origins(List<String> origins, String field) {
            for (String origin : Objects.requireNonNull(origins, field)) {
                if (origin == null || !ORIGIN.matcher(origin).matches()) {
                    throw new IllegalArgumentException("csp " + field + ": '" + origin + "' is no origin; write one"
                            + " such as 'https://api.example.com' or 'https://*.example.com'");
                }
            }
            return List.copyOf(origins);
        }
    }
}
