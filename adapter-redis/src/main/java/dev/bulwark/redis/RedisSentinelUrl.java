package dev.bulwark.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed {@code redis-sentinel://[[user]:password@]host1[:26379][,host2...][/database]#primary} URL, whose errors
 * never repeat it.
 *
 * @param sentinels the Sentinels, in the URL's order
 * @param primary the name the Sentinels know the primary by
 * @param user the primary's ACL user
 * @param password the primary's password; the Sentinels take none
 * @param database the primary's database index
 */
record RedisSentinelUrl(
        List<HostAndPort> sentinels, String primary, Optional<String> user, Optional<String> password, int database) {

    static final String SCHEME = "redis-sentinel";
    static final int DEFAULT_PORT = 26379;
    private static final String EXAMPLE = "redis-sentinel://host1:26379,host2:26379,host3:26379/0#mymaster";

    RedisSentinelUrl {
        sentinels = List.copyOf(sentinels);
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Whether {@code url} starts with {@code redis-sentinel://}, in any case. */
    static boolean isSentinel(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith(SCHEME + "://");
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the URL
     */
    static RedisSentinelUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!isSentinel(url)) {
            throw new IllegalArgumentException("redis URL of a Sentinel set must start with redis-sentinel://");
        }
        // Read by hand: java.net.URI takes no list of hosts with IPv6 brackets in one authority.
        String rest = url.strip().substring(SCHEME.length() + 3);
        int hash = rest.indexOf('#');
        String primary = hash < 0 ? "" : rest.substring(hash + 1);
        rest = hash < 0 ? rest : rest.substring(0, hash);
        if (primary.isBlank()) {
            throw new IllegalArgumentException(
                    "redis URL of a Sentinel set must end with #<primary name>, as in " + EXAMPLE);
        }
        if (rest.contains("?")) {
            throw new IllegalArgumentException("redis URL of a Sentinel set takes no ?options, expected " + EXAMPLE);
        }
        int slash = rest.indexOf('/', rest.lastIndexOf('@') + 1);
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (authority.isBlank()) {
            throw new IllegalArgumentException("redis URL of a Sentinel set names no Sentinel, expected " + EXAMPLE);
        }
        int at = authority.lastIndexOf('@');
        String hosts = authority.substring(at + 1);
        List<HostAndPort> sentinels = new ArrayList<>();
        for (String node : hosts.split(",", -1)) {
            sentinels.add(node(node.strip()));
        }
        // The user information and the database read as a single server's URL does.
        RedisUrl credentials =
                RedisUrl.parse("redis://" + (at < 0 ? "" : authority.substring(0, at + 1)) + "sentinel" + path);
        return new RedisSentinelUrl(
                sentinels, primary.strip(), credentials.user(), credentials.password(), credentials.database());
    }

    private static HostAndPort node(String node) {
        if (node.isEmpty()) {
            throw new IllegalArgumentException("redis URL of a Sentinel set has an empty host, expected " + EXAMPLE);
        }
        String host;
        String port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("redis URL of a Sentinel set has an IPv6 host without its ]");
            }
            host = node.substring(1, close);
            if (close + 1 < node.length()) {
                if (node.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(
                            "redis URL of a Sentinel set has a malformed host, expected " + EXAMPLE);
                }
                port = node.substring(close + 2);
            }
        } else {
            int colon = node.lastIndexOf(':');
            host = colon < 0 ? node : node.substring(0, colon);
            port = colon < 0 ? null : node.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("redis URL of a Sentinel set has an empty host, expected " + EXAMPLE);
        }
        return new HostAndPort(host, port == null ? DEFAULT_PORT : port(port));
    }

    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65_535) {
            throw new IllegalArgumentException(
                    "redis URL of a Sentinel set has a port that is not a number up to 65535, expected " + EXAMPLE);
        }
        return Integer.parseInt(text);
    }

    /** The number of Sentinels, the database and whether credentials are set; never hosts, names or credentials. */
    @Override
    public String toString() {
        return "RedisSentinelUrl[" + sentinels.size() + " sentinels, database " + database
                + (password.isPresent() ? ", with credentials" : "") + "]";
    }
}
