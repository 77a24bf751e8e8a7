package dev.bulwark.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL URL split into a JDBC URL without credentials, and the user and password. Accepts
 * {@code postgres://} and {@code postgresql://} (as Heroku, Render or docker-compose write them) and
 * {@code jdbc:postgresql://}. Query parameters are kept ({@code sslmode=require} and the like). Errors never repeat
 * the URL, which may hold a password. Immutable.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db?params}, without user or password
 * @param user the user, if the URL named one
 * @param password the password, if the URL held one
 */
record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

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
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (its value is not shown)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL names no host (its value is not shown)");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
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
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() ? "/" : path);
        if (!query.isEmpty()) {
            jdbc.append('?');
            jdbc.append(String.join("&", query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).toList()));
        }
        return new PostgresUrl(jdbc.toString(), user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PostgresUrl[****]";
    }
}
