package dev.bulwark.http.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which {@code Origin} and {@code Host} header values may reach the MCP endpoint.
 */
public final class OriginPolicy {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final String IPV4_LOOPBACK = "127.0.0.1";
    private static final String IPV6_LOOPBACK = "[::1]";
    private static final Set<String> WILDCARD_ADDRESSES = Set.of("0.0.0.0", "::", "[::]", "");

    /** How many allowed {@code Host} values are remembered; a server is reached under a handful of names. */
    static final int REMEMBERED_HOSTS = 64;

    private final Set<String> origins;
    private final List<HostPattern> hosts;
    /** {@code Host} header values found allowed, exactly as sent; refused ones are never remembered. */
    private final Set<String> allowedHostValues = ConcurrentHashMap.newKeySet();

    private OriginPolicy(Set<String> origins, List<HostPattern> hosts) {
        this.origins = origins;
        this.hosts = hosts;
    }

    /**
     * @param allowedOrigins exact origins such as {@code https://app.example.com}; empty = loopback origins only
     * @param allowedHosts {@code name} or {@code name:port}; empty = {@code localhost}, the loopback address of the
     *     families {@code boundHost} listens on, and {@code boundHost}
     * @param boundHost the address the server binds, added to the default hosts unless it is a wildcard address
     * @throws IllegalArgumentException on an origin with a wildcard or without a scheme and host
     */
    public static OriginPolicy of(List<String> allowedOrigins, List<String> allowedHosts, String boundHost) {
        Set<String> origins = allowedOrigins.stream()
                .map(origin -> normalizeOrigin(origin)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "Allowed origin '" + origin + "' is not an origin such as https://app.example.com")))
                .collect(Collectors.toUnmodifiableSet());
        List<HostPattern> hosts;
        if (allowedHosts.isEmpty()) {
            Set<String> names = new LinkedHashSet<>(loopbackNamesFor(boundHost.trim()));
            String bound = bracketIpv6(boundHost.trim().toLowerCase(Locale.ROOT));
            if (!WILDCARD_ADDRESSES.contains(bound) && !WILDCARD_ADDRESSES.contains(boundHost.trim())) {
                names.add(bound);
            }
            hosts = names.stream().map(name -> new HostPattern(name, null)).toList();
        } else {
            hosts = allowedHosts.stream().map(HostPattern::parse).toList();
        }
        return new OriginPolicy(origins, hosts);
    }

    /** {@code localhost} and the loopback address of each IP family a server bound to {@code host} listens on. */
    private static Set<String> loopbackNamesFor(String host) {
        String address = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv6 = address.contains(":");
        boolean ipv4 = !ipv6 && !address.isEmpty() && address.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (ipv4) {
            return Set.of("localhost", IPV4_LOOPBACK);
        }
        if (ipv6) {
            return WILDCARD_ADDRESSES.contains(address) ? LOOPBACK : Set.of("localhost", IPV6_LOOPBACK);
        }
        return LOOPBACK; // a name (or every address): either family
    }

    /** Whether a request with this {@code Origin} header may proceed; a request without one always may. */
    public boolean allowsOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        Optional<String> normalized = normalizeOrigin(origin);
        if (normalized.isEmpty()) {
            return false;
        }
        if (origins.isEmpty()) {
            return isLoopbackOrigin(normalized.get());
        }
        return origins.contains(normalized.get());
    }

    /** Whether a request with this {@code Host} header may proceed; a request without one may not. */
    public boolean allowsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        if (allowedHostValues.contains(hostHeader)) {
            return true;
        }
        HostPattern requested = HostPattern.parse(hostHeader);
        boolean allowed = hosts.stream().anyMatch(pattern -> pattern.matches(requested));
        if (allowed && allowedHostValues.size() < REMEMBERED_HOSTS) {
            allowedHostValues.add(hostHeader);
        }
        return allowed;
    }

    /** How many allowed {@code Host} values are remembered now. */
    int rememberedHosts() {
        return allowedHostValues.size();
    }

    private static boolean isLoopbackOrigin(String origin) {
        URI uri = URI.create(origin);
        String host = uri.getHost();
        return host != null && LOOPBACK.contains(bracketIpv6(host.toLowerCase(Locale.ROOT)));
    }

    /** {@code scheme://host[:port]}, lower case, or empty when {@code origin} is not an http(s) origin. */
    static Optional<String> normalizeOrigin(String origin) {
        String text = origin.trim();
        if (text.contains("*")) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null
                    || host == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return Optional.of(scheme.toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT) + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String bracketIpv6(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A host name with an optional port ({@code null} = any port). */
    private record HostPattern(String name, String port) {

        static HostPattern parse(String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.startsWith("[")) {
                int end = value.indexOf(']');
                if (end < 0) {
                    return new HostPattern(value, null);
                }
                String rest = value.substring(end + 1);
                return new HostPattern(value.substring(0, end + 1), rest.startsWith(":") ? rest.substring(1) : null);
            }
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.indexOf(':') != colon) {
                return new HostPattern(bracketIpv6(value), null);
            }
            return new HostPattern(value.substring(0, colon), value.substring(colon + 1));
        }

        boolean matches(HostPattern requested) {
            return name.equals(requested.name) && (port == null || Objects.equals(port, requested.port));
        }
    }
}
