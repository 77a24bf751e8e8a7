package dev.bulwark.bootstrap.redis;

import static dev.bulwark.bootstrap.redis.TestCalls.cacheOutcome;
import static dev.bulwark.bootstrap.redis.TestCalls.errorType;
import static dev.bulwark.bootstrap.redis.TestCalls.isError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.postgres.PostgresServer;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Two server instances sharing one Redis (and key prefix): on the embedded database each has a database of its own,
 * so neither may serve the other's cached users; on one PostgreSQL they share the database and the cache.
 */
class SharedRedisDatabasesTest {

    private EmbeddedRedis redis;
    private final List<ServerComponent> instances = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = EmbeddedRedis.start();
    }

    @AfterEach
    void stop() {
        for (ServerComponent instance : instances) {
            instance.redisConnection().ifPresent(RedisConnection::close);
            instance.bulwark().close();
            instance.database().close();
        }
        redis.close();
    }

    private Bulwark instance(Optional<String> databaseUrl) {
        ServerComponent component = DaggerServerComponent.factory()
                .create(ServerConfig.builder()
                        .redis(RedisSettings.builder().url(redis.url()).build())
                        .database(DatabaseSettings.builder().url(databaseUrl).build())
                        .build());
        instances.add(component);
        return component.bulwark();
    }

    private static CallToolResult call(Bulwark bulwark, String name, Map<String, Object> arguments) {
        Tool<?, ?> tool = bulwark.tools().stream()
                .filter(found -> found.name().equals(name))
                .findFirst()
                .orElseThrow();
        return TestCalls.call(bulwark, tool, arguments);
    }

    private static String createUser(Bulwark bulwark, String name) {
        CallToolResult created =
                call(bulwark, "create_user", Map.of("name", name, "email", name.toLowerCase() + "@example.com"));
        assertThat(isError(created)).isFalse();
        return (String) ((Map<?, ?>) created.structuredContent()).get("id");
    }

    @Test
    void instancesOnTheirOwnEmbeddedDatabasesNeverServeEachOthersCachedUsers() {
        Bulwark first = instance(Optional.empty());
        Bulwark second = instance(Optional.empty());
        String id = createUser(first, "Ada");
        assertThat(cacheOutcome(call(first, "get_user", Map.of("user_id", id)))).isEqualTo("miss");
        assertThat(cacheOutcome(call(first, "get_user", Map.of("user_id", id))))
                .as("cached in Redis")
                .isEqualTo("hit");

        CallToolResult elsewhere = call(second, "get_user", Map.of("user_id", id));

        assertThat(isError(elsewhere))
                .as("the user exists only in the first instance's database")
                .isTrue();
        assertThat(errorType(elsewhere)).isEqualTo("not_found");
        try (RedisClient raw = RedisClient.create(redis.url())) {
            assertThat(raw.keys("bulwark:cache:db:h2-*:tool:get_user:*"))
                    .as("kept apart by database")
                    .hasSize(1);
            assertThat(raw.keys("bulwark:ratewindow:*"))
                    .as("rate limits stay shared")
                    .isNotEmpty();
        }
    }

    @Test
    void instancesOnOnePostgresqlShareTheCache() {
        PostgresServer postgres = PostgresServer.shared(); // this JVM's: the two instances only need the same one
        try {
            Bulwark first = instance(Optional.of(postgres.appUrl()));
            Bulwark second = instance(Optional.of(postgres.appUrl()));
            String id = createUser(first, "Grace");
            assertThat(cacheOutcome(call(first, "get_user", Map.of("user_id", id))))
                    .isEqualTo("miss");

            CallToolResult elsewhere = call(second, "get_user", Map.of("user_id", id));

            assertThat(isError(elsewhere)).isFalse();
            assertThat(cacheOutcome(elsewhere)).isEqualTo("hit");
        } finally {
            for (ServerComponent instance : instances) {
                instance.database().close();
            }
        }
    }
}
