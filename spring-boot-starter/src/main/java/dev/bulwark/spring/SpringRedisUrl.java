package dev.bulwark.spring;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The Redis the application configured for Spring ({@code spring.data.redis.*}) as the URL Bulwark's Redis adapter
 * takes: a {@code redis-sentinel://} URL from {@code sentinel.master} and {@code sentinel.nodes}, else a
 * {@code redis-cluster://} URL from {@code cluster.nodes}, else {@code spring.data.redis.url} as given, else one built from its host, port, username, password, database and
 * {@code ssl.enabled}. Stateless.
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
        Optional<String> sentinel = sentinel(binder);
        if (sentinel.isPresent()) {
            return sentinel;
        }
        List<String> clusterNodes = list(binder, "cluster.nodes");
        if (!clusterNodes.isEmpty()) {
            for (String node : clusterNodes) {
                if (!node.matches(".+:[0-9]{1,5}")) {
                    throw new ConfigProblemException(ConfigProblem.of(
                            PREFIX + "cluster.nodes", "must list host:port pairs, as in n1:6379,n2:6379"));
                }
            }
            if (string(binder, "ssl.enabled").map(Boolean::parseBoolean).orElse(false)) {
                throw new ConfigProblemException(ConfigProblem.of(
                        PREFIX + "ssl.enabled",
                        "is true with cluster.nodes, but Bulwark reaches a Redis Cluster without TLS; turn it off or"
                                + " give Bulwark bulwark.redis.url"));
            }
            return Optional.of(clusterUrl(string(binder, "username"), string(binder, "password"), clusterNodes));
        }
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

    /** The {@code redis-sentinel://} URL of {@code sentinel.master} and {@code sentinel.nodes}, when either is set. */
    private static Optional<String> sentinel(Binder binder) {
        Optional<String> master = string(binder, "sentinel.master");
        List<String> nodes = list(binder, "sentinel.nodes");
        if (master.isEmpty() && nodes.isEmpty()) {
            return Optional.empty();
        }
        if (master.isEmpty() || nodes.isEmpty()) {
            String missing = master.isEmpty() ? "sentinel.master" : "sentinel.nodes";
            throw new ConfigProblemException(ConfigProblem.of(
                    PREFIX + missing, "is not set: a Sentinel set needs both sentinel.master and sentinel.nodes"));
        }
        for (String credential : List.of("sentinel.username", "sentinel.password")) {
            if (string(binder, credential).isPresent()) {
                throw refusedSentinelCredentials(PREFIX + credential);
            }
        }
        for (String node : nodes) {
            if (!node.matches(".+:[0-9]{1,5}")) {
                throw new ConfigProblemException(ConfigProblem.of(
                        PREFIX + "sentinel.nodes", "must list host:port pairs, as in s1:26379,s2:26379"));
            }
        }
        return Optional.of(sentinelUrl(
                string(binder, "ssl.enabled").map(Boolean::parseBoolean).orElse(false),
                string(binder, "username"),
                string(binder, "password"),
                nodes,
                number(binder, "database").orElse(0),
                master.get()));
    }

    /** Why a password of the Sentinels themselves stops the start: Bulwark reaches them without credentials. */
    private static ConfigProblemException refusedSentinelCredentials(String property) {
        return new ConfigProblemException(ConfigProblem.of(
                property,
                "is set, but Bulwark reaches the Sentinels without credentials (the primary's are"
                        + " spring.data.redis.username and .password); remove it or give Bulwark bulwark.redis.url"));
    }

    /**
     * The URL of a Sentinel set: {@code nodes} as {@code host:port}, the primary's credentials percent-encoded.
     * {@code tls} gives {@code rediss-sentinel://}, which the adapter refuses in one line.
     */
    static String sentinelUrl(
            boolean tls,
            Optional<String> username,
            Optional<String> password,
            List<String> nodes,
            int database,
            String master) {
        StringBuilder built = new StringBuilder(tls ? "rediss-sentinel://" : "redis-sentinel://");
        userInfo(built, username, password);
        built.append(String.join(",", nodes));
        built.append('/').append(database).append('#').append(master);
        return built.toString();
    }

    /** The URL of a Redis Cluster: {@code nodes} as {@code host:port}, the credentials percent-encoded. */
    static String clusterUrl(Optional<String> username, Optional<String> password, List<String> nodes) {
        StringBuilder built = new StringBuilder("redis-cluster://");
        userInfo(built, username, password);
        built.append(String.join(",", nodes));
        return built.toString();
    }

    /** {@code host:port}, an IPv6 host in brackets. */
    static String hostAndPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void userInfo(StringBuilder built, Optional<String> username, Optional<String> password) {
        if (username.isPresent() || password.isPresent()) {
            username.map(SpringRedisUrl::encode).ifPresent(built::append);
            password.map(SpringRedisUrl::encode)
                    .ifPresent(secret -> built.append(':').append(secret));
            built.append('@');
        }
    }

    /** The URL of a single Redis; the user information percent-encoded, an IPv6 host in brackets. */
    static String url(
            boolean tls, Optional<String> username, Optional<String> password, String host, int port, int database) {
        StringBuilder built = new StringBuilder(tls ? "rediss://" : "redis://");
        userInfo(built, username, password);
        built.append(hostAndPort(host, port)).append('/').append(database);
        return built.toString();
    }

    private static Optional<String> string(Binder binder, String name) {
        return binder.bind(PREFIX + name, String.class)
                .map(String::strip)
                .map(Optional::of)
                .orElse(Optional.empty())
                .filter(text -> !text.isEmpty());
    }

    private static List<String> list(Binder binder, String name) {
        return binder.bind(PREFIX + name, Bindable.listOf(String.class)).orElse(List.of()).stream()
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .toList();
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
