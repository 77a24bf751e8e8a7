package dev.bulwark.redis;

/**
 * The Redis topologies the port contract suites run on. Each is started once per test JVM when first asked for and
 * shared by the suites, each of which writes under a key prefix of its own; the processes end with the JVM.
 */
enum RedisTopology {
    /** One {@code redis-server}. */
    ONE_SERVER {
        @Override
        String url() {
            return Shared.oneServer().url();
        }
    },
    /** Three Sentinels watching a primary and its replica; the URL names the Sentinels. */
    SENTINEL {
        @Override
        String url() {
            return Shared.sentinelSet().url();
        }
    },
    /** A Redis Cluster of three primaries and a replica of each; the URL names every node. */
    CLUSTER {
        @Override
        String url() {
            return Shared.cluster().url();
        }
    };

    /** The URL Bulwark is given for this topology, starting it if no suite has yet. */
    abstract String url();

    /** The one server, started if no suite has yet. */
    static EmbeddedRedis oneServer() {
        return Shared.oneServer();
    }

    /** The Sentinel set, started if no suite has yet. */
    static EmbeddedSentinelSet sentinelSet() {
        return Shared.sentinelSet();
    }

    /** The Cluster, started if no suite has yet. */
    static EmbeddedRedisCluster cluster() {
        return Shared.cluster();
    }

    /** The topologies started so far. */
    private static final class Shared {
        private static EmbeddedRedis oneServer;
        private static EmbeddedSentinelSet sentinelSet;
        private static EmbeddedRedisCluster cluster;

        static synchronized EmbeddedRedis oneServer() {
            if (oneServer == null) {
                oneServer = EmbeddedRedis.start();
            }
            return oneServer;
        }

        static synchronized EmbeddedSentinelSet sentinelSet() {
            if (sentinelSet == null) {
                EmbeddedSentinelSet started = EmbeddedSentinelSet.start();
                // Each EmbeddedRedis kills its process at exit as well; this one line keeps the order tidy.
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-sentinel-set-cleanup"));
                sentinelSet = started;
            }
            return sentinelSet;
        }

        static synchronized EmbeddedRedisCluster cluster() {
            if (cluster == null) {
                EmbeddedRedisCluster started = EmbeddedRedisCluster.start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-redis-cluster-cleanup"));
                cluster = started;
            }
            return cluster;
        }
    }
}
