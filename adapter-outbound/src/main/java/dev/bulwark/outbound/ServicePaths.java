package dev.bulwark.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps every request under its service's base URL, refusing paths that could mean anything else.
 */
final class ServicePaths {

    /** Longer paths are refused: no service needs one, and a proxy may cut it. */
    static final int MAX_PATH_LENGTH = 2048;

    /** The characters of a URL path (RFC 3986 {@code pchar} and {@code /}), escapes aside. */
    private static final Pattern PATH_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@/%]*");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);

    private ServicePaths() {}

    /**
     * The URL of {@code path} with {@code query} under {@code base}.
     *
     * @param base a base URL as {@link #checkBaseUrl} returned it: its path ends with {@code /}
     * @throws IllegalArgumentException saying why the path is refused; never quoting it
     */
    static URI resolve(URI base, String path, Map<String, List<String>> query) {
        String relative = relativePath(path);
        StringBuilder url = new StringBuilder()
                .append(base.getScheme())
                .append("://")
                .append(base.getRawAuthority())
                .append(base.getRawPath())
                .append(relative);
        String queryText = query(query);
        if (!queryText.isEmpty()) {
            url.append('?').append(queryText);
        }
        URI uri;
        try {
            uri = new URI(url.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the path is not a valid URL path");
        }
        if (!isUnder(base, uri)) {
            throw new IllegalArgumentException("the path leaves the service's base URL");
        }
        return uri;
    }

    /**
     * The path made relative to the base: checked, its leading {@code /} dropped, its dot segments resolved.
     *
     * @throws IllegalArgumentException saying why it is refused
     */
    static String relativePath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("the path is missing");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("the path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (SCHEME.matcher(path).matches() && path.indexOf(':') < firstOf(path, '/')) {
            throw new IllegalArgumentException("the path is an absolute URL; give a path relative to the service");
        }
        if (path.startsWith("//")) {
            throw new IllegalArgumentException(
                    "the path starts with // (another host); give a path relative to" + " the service");
        }
        if (!PATH_CHARACTERS.matcher(path).matches()) {
            throw new IllegalArgumentException("the path holds characters a URL path cannot hold as they are"
                    + " (\\, ?, #, spaces, controls or non-ASCII): put parameters in query and percent-encode the"
                    + " rest");
        }
        checkEscapes(path);
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty()) {
            return "";
        }
        boolean trailingSlash = rest.endsWith("/");
        String[] segments = (trailingSlash ? rest.substring(0, rest.length() - 1) : rest).split("/", -1);
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("the path has an empty segment (//)");
            }
            if (isDotSegmentWithParameters(segment)) {
                throw new IllegalArgumentException("the path has a dot segment with parameters (..; or .;), which"
                        + " some servers read as .. or .");
            }
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (kept.isEmpty()) {
                    throw new IllegalArgumentException("the path climbs above the service's base URL (..)");
                }
                kept.removeLast();
                continue;
            }
            kept.addLast(segment);
        }
        String joined = String.join("/", kept);
        return joined.isEmpty() || !trailingSlash ? joined : joined + "/";
    }

    /**
     * Whether {@code uri} is under {@code base}: the same scheme, host and port, and a path that starts with the
     * base's path and holds no dot segment and no escape that decodes to a slash, backslash, dot or percent.
     */
    static boolean isUnder(URI base, URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if (!uri.getScheme().equalsIgnoreCase(base.getScheme())
                || !uri.getHost().equalsIgnoreCase(base.getHost())
                || port(uri) != port(base)) {
            return false;
        }
        String rawPath = uri.getRawPath();
        if (rawPath == null || !rawPath.startsWith(base.getRawPath())) {
            return false;
        }
        try {
            checkEscapes(rawPath);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || isDotSegmentWithParameters(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code segment} is a dot segment followed by path parameters ({@code ..;x}, {@code .;}): Tomcat, and so
     * Spring Boot, drops the parameters and then resolves the dots, so {@code ..;/admin} climbs out of the base.
     */
    private static boolean isDotSegmentWithParameters(String segment) {
        int parameters = segment.indexOf(';');
        if (parameters < 0) {
            return false;
        }
        String name = segment.substring(0, parameters);
        return name.equals(".") || name.equals("..");
    }

    /**
     * Checks a configured OAuth 2.0 token URL: {@code http} or {@code https}, a host, no user info, no fragment.
     *
     * @throws IllegalArgumentException saying what is wrong; never quoting the URL
     */
    static URI checkTokenUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold user info (user:password@); give the client id and"
                    + " secret in client-id and credential");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not hold a fragment");
        }
        return uri;
    }

    /**
     * Checks a base URL and returns it normalized: {@code http} or {@code https}, a host, no user info, no query or
     * fragment, a path without dot segments or tricky escapes, ending with {@code /}.
     *
     * @throws IllegalArgumentException saying what is wrong; never quoting the URL (it may hold a password)
     */
    static URI checkBaseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold user info (user:password@); give the credential in"
                    + " the service's credential or its API_KEY_ environment variable");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not hold a query or fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("has a path with dot segments; write it without . or ..");
            }
        }
        String checked = "/" + relativePath(path);
        if (!checked.endsWith("/")) {
            checked = checked + "/";
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + checked);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
    }

    private static void checkEscapes(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                throw new IllegalArgumentException("the path has a % that is not followed by two hex digits");
            }
            int decoded = Integer.parseInt(path.substring(i + 1, i + 3), 16);
            if (decoded == '/'
                    || decoded == '\\'
                    || decoded == '.'
                    || decoded == '%'
                    || decoded < 0x20
                    || decoded == 0x7f) {
                throw new IllegalArgumentException("the path has an encoded slash, backslash, dot, percent or"
                        + " control character, which servers decode differently");
            }
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int firstOf(String text, char c) {
        int index = text.indexOf(c);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** {@code uri} with these query parameters, encoded, after its own. */
    static URI withQuery(URI uri, List<Map.Entry<String, String>> parameters) {
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (Map.Entry<String, String> parameter : parameters) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(encode(parameter.getKey()))
                    .append('=')
                    .append(encode(parameter.getValue()));
        }
        String text = uri.toString();
        int cut = text.indexOf('?');
        try {
            return new URI((cut < 0 ? text : text.substring(0, cut)) + "?" + query);
        } catch (URISyntaxException e) {
            // Not its cause: that quotes the URL, which holds a credential.
            throw new IllegalArgumentException("the query cannot be added");
        }
    }

    private static String query(Map<String, List<String>> query) {
        StringBuilder text = new StringBuilder();
        query.forEach((name, values) -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a query parameter has an empty name");
            }
            for (String value : values) {
                if (text.length() > 0) {
                    text.append('&');
                }
                text.append(encode(name)).append('=').append(encode(value));
            }
        });
        return text.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
