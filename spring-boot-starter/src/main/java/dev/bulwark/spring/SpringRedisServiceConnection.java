package dev.bulwark.spring;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.util.ClassUtils;

/**
 * The Redis a Spring service connection names (a {@link DataRedisConnectionDetails} bean that Testcontainers' or
 * Docker Compose's support defines, or the application's own), as the {@code redis://}, {@code redis-sentinel://} or
 * {@code redis-cluster://} URL Bulwark's Redis adapter takes. Stateless.
 */
final class SpringRedisServiceConnection {

    static final String DETAILS_CLASS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    /**
     * The details Spring Boot builds from {@code spring.data.redis.*} whenever Spring Data Redis is present, to
     * {@code localhost:6379} when nothing is set: not a service connection. Bulwark reads those properties itself
     * ({@link SpringRedisUrl}), so that an application naming no Redis keeps Bulwark's stores in memory.
     */
    private static final String FROM_PROPERTIES =
            "org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails";

    static final String WHAT = "A Spring service connection to Redis (DataRedisConnectionDetails)";

    private SpringRedisServiceConnection() {}

    /** Whether {@code beans} define a service connection to Redis; false when Spring Boot's Redis module is absent. */
    static boolean defined(ListableBeanFactory beans) {
        return present() && !names(beans).isEmpty();
    }

    /**
     * The URL of the one service connection to Redis {@code beans} define, if any.
     *
     * @throws BulwarkPropertiesException when there are several, or one names no Redis, Sentinel set or Cluster
     *     Bulwark can use
     */
    static Optional<String> url(ListableBeanFactory beans) {
        if (!present()) {
            return Optional.empty();
        }
        List<String> names = names(beans);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        if (names.size() > 1) {
            throw refused("names " + names.size() + " Redis servers " + names + ": Bulwark takes one");
        }
        return Optional.of(urlOf(beans.getBean(names.get(0), DataRedisConnectionDetails.class)));
    }

    private static String urlOf(DataRedisConnectionDetails details) {
        if (details.getMasterReplica() != null) {
            throw refused("names a replica set: Bulwark's stores run on one Redis, a Sentinel set or a Redis Cluster");
        }
        if (details.getSslBundle() != null) {
            throw refused("uses an SSL bundle, which Bulwark's Redis adapter does not read");
        }
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        if (cluster != null) {
            if (cluster.getNodes() == null || cluster.getNodes().isEmpty()) {
                throw refused("names a Redis Cluster without its nodes");
            }
            return SpringRedisUrl.clusterUrl(
                    Optional.ofNullable(details.getUsername()),
                    Optional.ofNullable(details.getPassword()),
                    cluster.getNodes().stream()
                            .map(node -> SpringRedisUrl.hostAndPort(node.host(), node.port()))
                            .toList());
        }
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            return sentinelUrlOf(details, sentinel);
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        if (standalone == null) {
            throw refused("names no Redis host");
        }
        return SpringRedisUrl.url(
                false,
                Optional.ofNullable(details.getUsername()),
                Optional.ofNullable(details.getPassword()),
                standalone.getHost(),
                standalone.getPort(),
                standalone.getDatabase());
    }

    private static String sentinelUrlOf(
            DataRedisConnectionDetails details, DataRedisConnectionDetails.Sentinel sentinel) {
        if (sentinel.getUsername() != null || sentinel.getPassword() != null) {
            throw refused("gives the Sentinels credentials, but Bulwark reaches the Sentinels without them");
        }
        if (sentinel.getMaster() == null
                || sentinel.getNodes() == null
                || sentinel.getNodes().isEmpty()) {
            throw refused("names a Sentinel set without its primary's name or its Sentinels");
        }
        return SpringRedisUrl.sentinelUrl(
                false,
                Optional.ofNullable(details.getUsername()),
                Optional.ofNullable(details.getPassword()),
                sentinel.getNodes().stream()
                        .map(node -> SpringRedisUrl.hostAndPort(node.host(), node.port()))
                        .toList(),
                sentinel.getDatabase(),
                sentinel.getMaster());
    }

    private static BulwarkPropertiesException refused(String reason) {
        return new BulwarkPropertiesException(List.of(
                WHAT + " " + reason + "; set bulwark.redis.url to the Redis Bulwark should use (docs/spring-boot.md)"));
    }

    private static List<String> names(ListableBeanFactory beans) {
        return List.of(beans.getBeanNamesForType(DataRedisConnectionDetails.class, true, false)).stream()
                .filter(name -> !isFromProperties(beans.getType(name, false)))
                .toList();
    }

    private static boolean isFromProperties(Class<?> type) {
        return type != null && type.getName().equals(FROM_PROPERTIES);
    }

    private static boolean present() {
        return ClassUtils.isPresent(DETAILS_CLASS, SpringRedisServiceConnection.class.getClassLoader());
    }
}
