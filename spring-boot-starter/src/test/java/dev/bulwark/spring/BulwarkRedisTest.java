package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthReport;
import dev.bulwark.redis.DeadPort;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.EmbeddedRedisCluster;
import dev.bulwark.redis.EmbeddedSentinelSet;
import dev.bulwark.redis.RedisConnection;
import java.lang.reflect.Constructor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/**
 * Bulwark's cache, rate limit and tasks on a real Redis: its own {@code bulwark.redis.url} or the application's; and
 * an application without the Redis client (Jedis), which the starter leaves to it.
 */
class BulwarkRedisTest {

    private static EmbeddedRedis redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withPropertyValues("bulwark.transport=none", "bulwark.redis.operation-timeout=5s");

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start("--requirepass", "s3cret pass");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String redisStatus(Bulwark bulwark) {
        HealthReport report = bulwark.health().check();
        return report.components().stream()
                .filter(component -> component.name().equals(RedisConnection.DEPENDENCY))
                .map(ComponentReport::status)
                .map(Enum::name)
                .findFirst()
                .orElse("absent");
    }

    @Test
    void withoutRedisPropertiesBulwarkKeepsItsStoresInMemory() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(RedisConnection.class);
            assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("absent");
        });
    }

    @Test
    void theApplicationsSpringRedisIsBulwarksWhenBulwarkNamesNone() {
        runner.withPropertyValues(
                        "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.password=s3cret pass")
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisConnection.class);
                    assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                });
    }

    @Test
    void bulwarksOwnRedisUrlIsUsedBeforeSprings() {
        try (DeadPort springsPort = new DeadPort()) {
            runner.withPropertyValues(
                            "bulwark.redis.url=redis://:s3cret%20pass@127.0.0.1:" + redis.port(),
                            "spring.data.redis.host=127.0.0.1",
                            "spring.data.redis.port=" + springsPort.port())
                    .run(context -> assertThat(redisStatus(context.getBean(Bulwark.class)))
                            .isEqualTo("UP"));
        }
    }

    @Test
    void withoutJedisTheApplicationStartsWithItsStoresInMemory() {
        runner.withClassLoader(new FilteredClassLoader("redis.clients"))
                .withPropertyValues("bulwark.transport=none")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Bulwark.class);
                    assertThat(context).doesNotHaveBean(RedisConnection.class).doesNotHaveBean("bulwarkRedisStores");
                    assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("absent");
                });
    }

    @Test
    void withoutJedisARedisNamedForBulwarkStopsTheStartNamingTheDependencyToAdd() {
        runner.withClassLoader(new FilteredClassLoader("redis.clients"))
                .withPropertyValues("bulwark.redis.url=redis://:s3cret%20pass@127.0.0.1:" + redis.port())
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageContaining("bulwark.redis.url")
                        .hasMessageContaining("add the dependency redis.clients:jedis:8.0.2")
                        .hasMessageNotContaining("s3cret"));
    }

    @Test
    void withoutJedisTheApplicationsSpringRedisStopsTheStartRatherThanSplitTheRateLimitsPerInstance() {
        runner.withClassLoader(new FilteredClassLoader("redis.clients"))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageContaining("spring.data.redis.url")
                        .hasMessageContaining("redis.clients:jedis:8.0.2"));
    }

    /** A service connection to a single Redis on this host, as Testcontainers' support defines one. */
    private static DataRedisConnectionDetails serviceConnection(int port) {
        return new DataRedisConnectionDetails() {
            @Override
            public String getPassword() {
                return "s3cret pass";
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of("127.0.0.1", port);
            }
        };
    }

    @Test
    void aSpringServiceConnectionToRedisIsBulwarksWhenBulwarkNamesNone() {
        runner.withBean("redisService", DataRedisConnectionDetails.class, () -> serviceConnection(redis.port()))
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisConnection.class);
                    assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                });
    }

    @Test
    void aServiceConnectionComesBeforeSpringsRedisPropertiesAsInSpringBoot() {
        try (DeadPort propertiesPort = new DeadPort()) {
            runner.withBean("redisService", DataRedisConnectionDetails.class, () -> serviceConnection(redis.port()))
                    .withPropertyValues(
                            "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + propertiesPort.port())
                    .run(context -> assertThat(redisStatus(context.getBean(Bulwark.class)))
                            .isEqualTo("UP"));
        }
    }

    @Test
    void bulwarksOwnRedisUrlComesBeforeAServiceConnection() {
        try (DeadPort servicePort = new DeadPort()) {
            runner.withBean(
                            "redisService",
                            DataRedisConnectionDetails.class,
                            () -> serviceConnection(servicePort.port()))
                    .withPropertyValues("bulwark.redis.url=redis://:s3cret%20pass@127.0.0.1:" + redis.port())
                    .run(context -> assertThat(redisStatus(context.getBean(Bulwark.class)))
                            .isEqualTo("UP"));
        }
    }

    @Test
    void theDetailsSpringBootBuildsFromItsPropertiesAreNoServiceConnection() {
        runner.withInitializer(context -> ((GenericApplicationContext) context)
                        .registerBeanDefinition("redisConnectionDetails", fromSpringProperties()))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnection.class);
                    assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("absent");
                });
    }

    /**
     * Spring Boot's own details from {@code spring.data.redis.*}, to {@code localhost:6379} when nothing is set,
     * defined as its auto-configuration defines them (by their class), without Spring Data Redis.
     */
    private static RootBeanDefinition fromSpringProperties() {
        try {
            Class<?> type = Class.forName(
                    "org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails");
            Constructor<?> constructor = type.getDeclaredConstructor(DataRedisProperties.class, SslBundles.class);
            constructor.setAccessible(true);
            Object details = constructor.newInstance(new DataRedisProperties(), null);
            RootBeanDefinition definition = new RootBeanDefinition(type);
            definition.setInstanceSupplier(() -> details);
            return definition;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSpringServiceConnectionToARedisClusterIsBulwarksWhenBulwarkNamesNone() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            List<DataRedisConnectionDetails.Node> nodes = cluster.nodes().stream()
                    .map(node -> new DataRedisConnectionDetails.Node("127.0.0.1", node.port()))
                    .toList();
            runner.withBean("redisService", DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
                        @Override
                        public Cluster getCluster() {
                            return () -> nodes;
                        }
                    })
                    .run(context -> {
                        assertThat(context).hasSingleBean(RedisConnection.class);
                        assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                    });
        }
    }

    @Test
    void springsSentinelPropertiesNameTheSentinelSetWhosePrimaryBulwarkUses() {
        try (EmbeddedSentinelSet sentinels = EmbeddedSentinelSet.start()) {
            runner.withPropertyValues(
                            "spring.data.redis.sentinel.master=" + EmbeddedSentinelSet.PRIMARY_NAME,
                            "spring.data.redis.sentinel.nodes=" + sentinelNodes(sentinels))
                    .run(context -> {
                        assertThat(context).hasSingleBean(RedisConnection.class);
                        assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                    });
        }
    }

    @Test
    void aSpringServiceConnectionToASentinelSetIsBulwarksWhenBulwarkNamesNone() {
        try (EmbeddedSentinelSet sentinels = EmbeddedSentinelSet.start()) {
            List<DataRedisConnectionDetails.Node> nodes = List.of(
                            sentinelNodes(sentinels).split(","))
                    .stream()
                    .map(node -> new DataRedisConnectionDetails.Node(
                            "127.0.0.1", Integer.parseInt(node.substring(node.indexOf(':') + 1))))
                    .toList();
            runner.withBean("redisService", DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
                        @Override
                        public Sentinel getSentinel() {
                            return new Sentinel() {
                                @Override
                                public int getDatabase() {
                                    return 0;
                                }

                                @Override
                                public String getMaster() {
                                    return EmbeddedSentinelSet.PRIMARY_NAME;
                                }

                                @Override
                                public List<Node> getNodes() {
                                    return nodes;
                                }

                                @Override
                                public String getUsername() {
                                    return null;
                                }

                                @Override
                                public String getPassword() {
                                    return null;
                                }
                            };
                        }
                    })
                    .run(context -> {
                        assertThat(context).hasSingleBean(RedisConnection.class);
                        assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                    });
        }
    }

    /** {@code host:port,...} of the Sentinels, as {@code spring.data.redis.sentinel.nodes} lists them. */
    private static String sentinelNodes(EmbeddedSentinelSet sentinels) {
        String url = sentinels.url();
        return url.substring("redis-sentinel://".length(), url.indexOf('#'));
    }

    @Test
    void aSentinelPasswordStopsTheStartNamingItForBulwarkReachesTheSentinelsWithoutOne() {
        runner.withPropertyValues(
                        "spring.data.redis.sentinel.master=mymaster",
                        "spring.data.redis.sentinel.nodes=127.0.0.1:26379",
                        "spring.data.redis.sentinel.password=s3cret")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .hasMessageContaining("spring.data.redis.sentinel.password")
                        .hasMessageContaining("without credentials")
                        .hasMessageNotContaining("s3cret"));
    }

    @Test
    void aSentinelSetWithoutItsPrimarysNameStopsTheStartNamingTheMissingProperty() {
        runner.withPropertyValues("spring.data.redis.sentinel.nodes=127.0.0.1:26379")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .hasMessageContaining("spring.data.redis.sentinel.master: is not set"));
    }

    @Test
    void springsClusterPropertiesNameTheClusterBulwarkUses() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            String twoNodes = cluster.nodes().subList(0, 2).stream()
                    .map(node -> "127.0.0.1:" + node.port())
                    .collect(java.util.stream.Collectors.joining(","));
            runner.withPropertyValues("spring.data.redis.cluster.nodes=" + twoNodes)
                    .run(context -> {
                        assertThat(context).hasSingleBean(RedisConnection.class);
                        assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP");
                    });
        }
    }

    @Test
    void springsClusterNodesWithoutPortsStopTheStartNamingTheProperty() {
        runner.withPropertyValues("spring.data.redis.cluster.nodes=n1,n2")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .hasMessageContaining("spring.data.redis.cluster.nodes")
                        .hasMessageContaining("host:port"));
    }

    @Test
    void withoutJedisAServiceConnectionToRedisStopsTheStartNamingTheDependencyToAdd() {
        runner.withClassLoader(new FilteredClassLoader("redis.clients"))
                .withBean("redisService", DataRedisConnectionDetails.class, () -> serviceConnection(redis.port()))
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageContaining("A Spring service connection to Redis")
                        .hasMessageContaining("redis.clients:jedis:8.0.2"));
    }

    @Test
    void withoutSpringBootsRedisModuleSpringsRedisPropertiesStillNameBulwarksRedis() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.data.redis"))
                .withPropertyValues(
                        "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.password=s3cret pass")
                .run(context ->
                        assertThat(redisStatus(context.getBean(Bulwark.class))).isEqualTo("UP"));
    }
}
