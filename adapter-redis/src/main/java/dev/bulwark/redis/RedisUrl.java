package dev.bulwark.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code redis://} or {@code rediss://} URL, whose errors never repeat it.
 *
 * @param host the server's host name or address (IPv6 without brackets)
 * @param port the server's port, 6379 when the URL has none
 * @param user the ACL user name, if any
 * @param password the password, if any
 * @param database the database index selected on every connection
 * @param tls whether the connection uses TLS ({@code rediss://})
 */
record RedisUrl(String host, int port, Optional<String> user, Optional<String> password, int database, boolean tls) {

    static final int DEFAULT_PORT = 6379;

    RedisUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the URL
     */
    static RedisUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // The exception's message quotes the input, password included: it is not passed on.
            throw new IllegalArgumentException(
                    "redis URL is not a valid URL (value not shown: it may hold a password)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
            throw new IllegalArgumentException("redis URL must start with redis:// or rediss://");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI takes only RFC 2396 host names, without '_': a Compose service such as redis_cache is one
            String hostAndPort =
                    uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
            int colon = hostAndPort.lastIndexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            port = colon < 0 ? -1 : port(hostAndPort.substring(colon + 1));
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("redis URL has no host (expected redis://host:6379/0)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        port = port == -1 ? DEFAULT_PORT : port;
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null && uri.getHost() == null && uri.getRawAuthority().contains("@")) {
            userInfo = uri.getRawAuthority().substring(0, uri.getRawAuthority().lastIndexOf('@')); // a host with '_'
        }
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) { // redis://secret@host: a password, as redis-cli and most clients read it
                password = Optional.of(decode(userInfo));
            } else {
                user = Optional.of(decode(userInfo.substring(0, colon))).filter(name -> !name.isEmpty());
                password = Optional.of(decode(userInfo.substring(colon + 1))).filter(secret -> !secret.isEmpty());
            }
        }
        return new RedisUrl(host, port, user, password, database(uri.getPath()), scheme.equalsIgnoreCase("rediss"));
    }

    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65_535) {
            throw new IllegalArgumentException(
                    "redis URL port must be a number up to 65535, as in redis://host:6379/0");
        }
        return Integer.parseInt(text);
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String index = path.substring(1);
        if (!index.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("redis URL database must be a number, as in redis://host:6379/0");
        }
        return Integer.parseInt(index);
    }

    /** Decodes {@code %XX} escapes as UTF-8; unlike {@code URLDecoder}, a {@code +} stays a plus. */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Scheme, database and whether credentials are set; never the host or the credentials themselves. */
    @Override
    public String toString() {
        return "RedisUrl[" + (tls ? "rediss" : "redis") + ", database " + database
                + (password.isPresent() ? ", with credentials" : "") + "]";
    }
}
