package dev.bulwark.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel set for tests, from the same {@link EmbeddedRedis} binary: a primary, a replica, and three Sentinels
 * (quorum two) that watch them and fail over a second after the primary stops answering. Not thread-safe: one test
 * drives it.
 */
public final class EmbeddedSentinelSet implements AutoCloseable {

    /** The name the Sentinels know the primary by. */
    public static final String PRIMARY_NAME = "bulwark-primary";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<EmbeddedRedis> servers = new ArrayList<>();
    private final List<EmbeddedRedis> sentinels = new ArrayList<>();

    private EmbeddedSentinelSet() {}

    /** Starts the five processes and waits until every Sentinel knows the replica and the two other Sentinels. */
    public static EmbeddedSentinelSet start() {
        EmbeddedSentinelSet set = new EmbeddedSentinelSet();
        try {
            EmbeddedRedis primary = EmbeddedRedis.start();
            set.servers.add(primary);
            set.servers.add(EmbeddedRedis.start("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(EmbeddedRedis.startSentinel(List.of(
                        "sentinel monitor " + PRIMARY_NAME + " 127.0.0.1 " + primary.port() + " 2",
                        "sentinel down-after-milliseconds " + PRIMARY_NAME + " 1000",
                        "sentinel failover-timeout " + PRIMARY_NAME + " 5000",
                        "sentinel parallel-syncs " + PRIMARY_NAME + " 1")));
            }
            set.awaitReady();
            return set;
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private void awaitReady() {
        await("every Sentinel knows the replica and the other Sentinels")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> sentinels.stream().allMatch(sentinel -> {
                    try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port())) {
                        return jedis.sentinelSentinels(PRIMARY_NAME).size() == sentinels.size() - 1
                                && jedis.sentinelReplicas(PRIMARY_NAME).stream()
                                        .anyMatch(replica -> "ok".equals(replica.get("master-link-status")));
                    }
                }));
    }

    /** {@code redis-sentinel://} naming the three Sentinels and the primary. */
    public String url() {
        return "redis-sentinel://"
                + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "#" + PRIMARY_NAME;
    }

    /** The port of the primary as the first Sentinel that answers names it now. */
    public int primaryPort() {
        for (EmbeddedRedis sentinel : sentinels) {
            if (!sentinel.isRunning()) {
                continue;
            }
            try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port())) {
                return Integer.parseInt(
                        jedis.sentinelGetMasterAddrByName(PRIMARY_NAME).get(1));
            } catch (RuntimeException e) {
                // the next Sentinel
            }
        }
        throw new IllegalStateException("no Sentinel names the primary");
    }

    /** The data server on {@code port}: the primary or the replica. */
    public EmbeddedRedis server(int port) {
        return servers.stream()
                .filter(server -> server.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no server on port " + port));
    }

    /** The data server that is not the primary now: the replica. */
    public EmbeddedRedis replica() {
        int primary = primaryPort();
        return servers.stream()
                .filter(server -> server.port() != primary)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no replica"));
    }

    /** Kills the primary, as a crash would, and returns its port. */
    public int killPrimary() {
        int port = primaryPort();
        server(port).stop();
        return port;
    }

    /** Asks a Sentinel to fail over now ({@code SENTINEL FAILOVER}): the primary is demoted, not killed. */
    public void failOver() {
        try (Jedis jedis = new Jedis("127.0.0.1", sentinels.get(0).port())) {
            jedis.sentinelFailover(PRIMARY_NAME);
        }
    }

    /** What the first Sentinel says of the primary ({@code SENTINEL MASTER}), for a failing test's message. */
    public Map<String, String> primaryReport() {
        try (Jedis jedis = new Jedis("127.0.0.1", sentinels.get(0).port())) {
            return jedis.sentinelMaster(PRIMARY_NAME);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(EmbeddedRedis::close);
        servers.forEach(EmbeddedRedis::close);
    }
}
