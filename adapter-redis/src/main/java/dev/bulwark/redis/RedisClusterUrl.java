package dev.bulwark.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed {@code redis-cluster://[[user]:password@]host1[:6379][,host2...]} URL naming some nodes of a Redis
 * Cluster, whose errors never repeat it.
 *
 * @param nodes the nodes asked for the Cluster's layout, in the URL's order
 * @param user the ACL user on every node
 * @param password the password on every node
 */
record RedisClusterUrl(List<HostAndPort> nodes, Optional<String> user, Optional<String> password) {

    static final String SCHEME = "redis-cluster";
    static final int DEFAULT_PORT = 6379;
    private static final String EXAMPLE = "redis-cluster://host1:6379,host2:6379,host3:6379";

    RedisClusterUrl {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Whether {@code url} starts with {@code redis-cluster://}, in any case. */
    static boolean isCluster(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith(SCHEME + "://");
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the URL
     */
    static RedisClusterUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!isCluster(url)) {
            throw new IllegalArgumentException("redis URL of a Redis Cluster must start with redis-cluster://");
        }
        // Read by hand: java.net.URI takes no list of hosts in one authority.
        String rest = url.strip().substring(SCHEME.length() + 3);
        if (rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException(
                    "redis URL of a Redis Cluster takes no ?options or #name, expected " + EXAMPLE);
        }
        int slash = rest.indexOf('/', rest.lastIndexOf('@') + 1);
        if (slash >= 0
                && !rest.substring(slash).equals("/")
                && !rest.substring(slash).equals("/0")) {
            throw new IllegalArgumentException(
                    "redis URL of a Redis Cluster takes no database: a Cluster has only database 0, expected "
                            + EXAMPLE);
        }
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        String hosts = authority.substring(at + 1);
        if (hosts.isBlank()) {
            throw new IllegalArgumentException("redis URL of a Redis Cluster names no node, expected " + EXAMPLE);
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : hosts.split(",", -1)) {
            nodes.add(node(node.strip()));
        }
        // The user information reads as a single server's URL does.
        RedisUrl credentials = RedisUrl.parse("redis://" + (at < 0 ? "" : authority.substring(0, at + 1)) + "node");
        return new RedisClusterUrl(nodes, credentials.user(), credentials.password());
    }

    private static HostAndPort node(String node) {
        if (node.isEmpty()) {
            throw new IllegalArgumentException("redis URL of a Redis Cluster has an empty host, expected " + EXAMPLE);
        }
        String host;
        String port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("redis URL of a Redis Cluster has an IPv6 host without its ]");
            }
            host = node.substring(1, close);
            if (close + 1 < node.length()) {
                if (node.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(
                            "redis URL of a Redis Cluster has a malformed host, expected " + EXAMPLE);
                }
                port = node.substring(close + 2);
            }
        } else {
            int colon = node.lastIndexOf(':');
            host = colon < 0 ? node : node.substring(0, colon);
            port = colon < 0 ? null : node.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("redis URL of a Redis Cluster has an empty host, expected " + EXAMPLE);
        }
        if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535)) {
            throw new IllegalArgumentException(
                    "redis URL of a Redis Cluster has a port that is not a number up to 65535, expected " + EXAMPLE);
        }
        return new HostAndPort(host, port == null ? DEFAULT_PORT : Integer.parseInt(port));
    }

    /** The number of nodes and whether credentials are set; never hosts or credentials. */
    @Override
    public String toString() {
        return "RedisClusterUrl[" + nodes.size() + " nodes" + (password.isPresent() ? ", with credentials" : "") + "]";
    }
}
