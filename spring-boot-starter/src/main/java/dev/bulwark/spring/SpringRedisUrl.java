package dev.bulwark.spring;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The Redis the application configured for Spring ({@code spring.data.redis.*}) as the {@code redis://} URL
 * Bulwark's Redis adapter takes: {@code spring.data.redis.url} as given, else one built from its host, port,
 * username, password, database and {@code ssl.enabled}. Stateless.
 */
final class SpringRedisUrl {

    static final String URL = "spring.data.redis.url";
    private static final String PREFIX = "spring.data.redis.";
    private static final String DEFAULT_HOST = "localhost";
    private static final int DEFAULT_PORT = 6379;

    private SpringRedisUrl() {}

    /**
     * The URL, when {@code spring.data.redis.url}, {@code .host}, {@code .port} or {@code .password} is set.
     *
     * @throws ConfigProblemException naming the property at fault and why; never a value
     */
    static Optional<String> of(Binder binder) {
        Optional<String> url = string(binder, "url");
        if (url.isPresent()) {
            return url;
        }
        Optional<String> host = string(binder, "host");
        Optional<Integer> port = number(binder, "port");
        Optional<String> password = string(binder, "password");
        if (host.isEmpty() && port.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(url(
                string(binder, "ssl.enabled").map(Boolean::parseBoolean).orElse(false),
                string(binder, "username"),
                password,
                host.orElse(DEFAULT_HOST),
                port.orElse(DEFAULT_PORT),
                number(binder, "database").orElse(0)));
    }

    /** The URL of a single Redis; the user information percent-encoded, an IPv6 host in brackets. */
    static String url(
            boolean tls, Optional<String> username, Optional<String> password, String host, int port, int database) {
        StringBuilder built = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username.isPresent() || password.isPresent()) {
            username.map(SpringRedisUrl::encode).ifPresent(built::append);
            password.map(SpringRedisUrl::encode)
                    .ifPresent(secret -> built.append(':').append(secret));
            built.append('@');
        }
        built.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        built.append(':').append(port).append('/').append(database);
        return built.toString();
    }

    private static Optional<String> string(Binder binder, String name) {
        return binder.bind(PREFIX + name, String.class)
                .map(String::strip)
                .map(Optional::of)
                .orElse(Optional.empty())
                .filter(text -> !text.isEmpty());
    }

    private static Optional<Integer> number(Binder binder, String name) {
        return string(binder, name).map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new ConfigProblemException(ConfigProblem.of(PREFIX + name, "is not a whole number"));
            }
        });
    }

    /** Percent-encoded for a URL's user information; the adapter decodes it. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
