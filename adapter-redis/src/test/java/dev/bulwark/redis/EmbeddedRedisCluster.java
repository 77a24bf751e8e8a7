package dev.bulwark.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster for tests, from the same {@link EmbeddedRedis} binary: three primaries holding a third of the slots
 * each and a replica of each, built with {@code CLUSTER MEET}, {@code ADDSLOTS} and {@code REPLICATE} (the artifact
 * ships no {@code redis-cli}). A node counts as failed after a second without an answer, and by default the nodes run
 * with {@code cluster-require-full-coverage no}, as docs/operations.md recommends. Not thread-safe: one test drives it.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final int PRIMARIES = 3;
    private static final int SLOTS = 16_384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Each node's settings beyond a Cluster node's own: those docs/operations.md recommends. */
    private static final List<String> RECOMMENDED = List.of("--cluster-require-full-coverage", "no");

    private final List<EmbeddedRedis> nodes = new ArrayList<>();

    private EmbeddedRedisCluster() {}

    /** Starts the six nodes, joins them into one Cluster and waits until every node reports it served. */
    public static EmbeddedRedisCluster start() {
        return startWith();
    }

    /**
     * As {@link #start}, each node with {@code nodeArguments} after the recommended settings, which they override
     * (such as {@code "--cluster-require-full-coverage", "yes"}).
     */
    public static EmbeddedRedisCluster startWith(String... nodeArguments) {
        List<String> arguments = new ArrayList<>(RECOMMENDED);
        arguments.addAll(List.of(nodeArguments));
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster();
        try {
            for (int i = 0; i < PRIMARIES * 2; i++) {
                cluster.nodes.add(EmbeddedRedis.startClusterNode(arguments.toArray(String[]::new)));
            }
            cluster.join();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void join() {
        for (int i = 0; i < PRIMARIES; i++) {
            int from = SLOTS * i / PRIMARIES;
            int to = SLOTS * (i + 1) / PRIMARIES;
            try (Jedis primary = jedis(nodes.get(i))) {
                primary.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
        try (Jedis first = jedis(nodes.get(0))) {
            for (EmbeddedRedis node : nodes.subList(1, nodes.size())) {
                first.clusterMeet("127.0.0.1", node.port());
            }
        }
        await("every node knows the five others")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> nodes.stream().allMatch(node -> {
                    try (Jedis jedis = jedis(node)) {
                        return jedis.clusterNodes().lines().count() == nodes.size();
                    }
                }));
        for (int i = 0; i < PRIMARIES; i++) {
            String primaryId;
            try (Jedis primary = jedis(nodes.get(i))) {
                primaryId = primary.clusterMyId();
            }
            try (Jedis replica = jedis(nodes.get(PRIMARIES + i))) {
                replica.clusterReplicate(primaryId);
            }
        }
        await("every node reports cluster_state:ok and every replica is in sync")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> nodes.stream().allMatch(node -> {
                    try (Jedis jedis = jedis(node)) {
                        return jedis.clusterInfo().contains("cluster_state:ok")
                                && (nodes.indexOf(node) < PRIMARIES
                                        || jedis.info("replication").contains("master_link_status:up"));
                    }
                }));
    }

    /** {@code redis-cluster://} naming every node. */
    public String url() {
        return "redis-cluster://"
                + nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** The nodes, the three primaries they started as first. */
    public List<EmbeddedRedis> nodes() {
        return List.copyOf(nodes);
    }

    /** The node that serves {@code slot} now, as the first running node that answers says. */
    public EmbeddedRedis primaryOf(int slot) {
        for (EmbeddedRedis node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            try (Jedis jedis = jedis(node)) {
                for (Object range : jedis.clusterSlots()) {
                    List<?> fields = (List<?>) range;
                    if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
                        int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
                        return nodes.stream()
                                .filter(candidate -> candidate.port() == port)
                                .findFirst()
                                .orElseThrow();
                    }
                }
            } catch (RuntimeException e) {
                // the next node
            }
        }
        throw new IllegalStateException("no node names the primary of slot " + slot);
    }

    /** The running nodes that replicate {@code primary}, as each node's {@code INFO replication} says. */
    public List<EmbeddedRedis> replicasOf(EmbeddedRedis primary) {
        List<EmbeddedRedis> replicas = new ArrayList<>();
        for (EmbeddedRedis node : nodes) {
            if (node == primary || !node.isRunning()) {
                continue;
            }
            try (Jedis jedis = jedis(node)) {
                if (jedis.info("replication").contains("master_port:" + primary.port() + "\r\n")) {
                    replicas.add(node);
                }
            }
        }
        return replicas;
    }

    private static Jedis jedis(EmbeddedRedis node) {
        return new Jedis("127.0.0.1", node.port());
    }

    @Override
    public void close() {
        nodes.forEach(EmbeddedRedis::close);
    }
}
