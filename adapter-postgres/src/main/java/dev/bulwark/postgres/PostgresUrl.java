package dev.bulwark.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PostgreSQL URL split into a JDBC URL without credentials, and the user and password.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db?params}, without user or password
 * @param user the user, if the URL named one
 * @param password the password, if the URL held one
 */
record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]+)?");

    static PostgresUrl parse(String url) {
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or"
                    + " jdbc:postgresql:// (the embedded H2 database serves when it is not set)");
        }
        // Split by hand, not by java.net.URI: it finds no host in a name with '_' (a Compose service such as
        // my_postgres) nor in a list of hosts (pg1:5432,pg2:5432), both of which PgJDBC takes.
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hosts = hosts(authority.substring(at + 1));
        int queryStart = rest.indexOf('?', authorityEnd);
        int fragment = rest.indexOf('#', authorityEnd);
        int pathEnd = queryStart >= 0 ? queryStart : fragment >= 0 ? fragment : rest.length();
        String path = rest.substring(authorityEnd, pathEnd);
        String rawQuery = queryStart < 0
                ? null
                : rest.substring(queryStart + 1, fragment > queryStart ? fragment : rest.length());
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                String value = kv.length == 2 ? decode(kv[1]) : "";
                if (key.equalsIgnoreCase("user")) {
                    user = Optional.of(value);
                } else if (key.equalsIgnoreCase("password")) {
                    password = Optional.of(value);
                } else {
                    query.put(kv[0], kv.length == 2 ? kv[1] : "");
                }
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hosts);
        jdbc.append(path.isEmpty() ? "/" : path);
        if (!query.isEmpty()) {
            jdbc.append('?');
            jdbc.append(String.join(
                    "&",
                    query.entrySet().stream()
                            .map(entry -> entry.getKey() + "=" + entry.getValue())
                            .toList()));
        }
        return new PostgresUrl(jdbc.toString(), user, password);
    }

    /**
     * The URL's hosts, checked: one or more {@code host[:port]} separated by commas, each host a name (letters,
     * digits, {@code - . _}) or an address ({@code [::1]} for IPv6), each port a number from 1 to 65535.
     */
    private static String hosts(String list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("DATABASE_URL names no host (its value is not shown)");
        }
        for (String entry : list.split(",", -1)) {
            if (!HOST.matcher(entry).matches()) {
                throw new IllegalArgumentException("DATABASE_URL holds a host that is not host[:port] (one or more,"
                        + " separated by commas; its value is not shown)");
            }
            int colon = entry.lastIndexOf(':');
            if (colon > entry.lastIndexOf(']')) {
                String port = entry.substring(colon + 1);
                if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                    throw new IllegalArgumentException(
                            "DATABASE_URL holds a port outside 1 to 65535 (its value is" + " not shown)");
                }
            }
        }
        return list;
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PostgresUrl[****]";
    }
}
