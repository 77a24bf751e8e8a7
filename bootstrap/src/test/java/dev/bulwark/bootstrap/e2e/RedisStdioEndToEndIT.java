package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.redis.DeadPort;
import dev.bulwark.redis.EmbeddedRedis;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The built {@code bulwark-server.jar} with {@code REDIS_URL} pointing at a Redis that is not there yet: it starts,
 * serves degraded, and picks Redis up when it appears, with no restart. Driven over stdio by the SDK's client, which
 * spawns the jar directly as an MCP host would (its stderr, the server's JSON log, goes to the client's log).
 */
class RedisStdioEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpSyncClient client;
    private EmbeddedRedis redis;

    @AfterEach
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private McpSyncClient startServer(String redisUrl) {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        ServerParameters server = ServerParameters.builder(java)
                .args("-jar", jar.toString())
                .env(Map.of("REDIS_URL", redisUrl, "MCP_REDIS_BREAKER_OPEN_DURATION", "300ms"))
                .build();
        McpSyncClient started = StdioClients.of(server);
        started.initialize();
        return started;
    }

    private String status() {
        CallToolResult result = client.callTool(
                CallToolRequest.builder("health_check").arguments(Map.of()).build());
        JsonNode health = JSON.valueToTree(result.structuredContent());
        return health.path("status").asText();
    }

    private CallToolResult processData(String name) {
        return client.callTool(CallToolRequest.builder("process_data")
                .arguments(Map.of("data", Map.of("name", name), "operation", "transform"))
                .build());
    }

    @Test
    void startsWithoutRedisServesDegradedAndPicksRedisUpWhenItAppears() {
        DeadPort port = new DeadPort();
        client = startServer("redis://127.0.0.1:" + port.port());

        // the first checks may still be running on a busy machine (the embedded database's among them): the status
        // settles at degraded, never at unhealthy, when only Redis is missing
        assertThat(eventually(() -> status().equals("degraded")))
                .as("degraded without Redis")
                .isTrue();
        assertThat(processData("Ada").isError()).isFalse();

        port.close();
        redis = EmbeddedRedis.startOn(port.port());

        assertThat(eventually(() -> status().equals("healthy"))).isTrue();
        assertThat(eventually(() -> {
                    processData("Grace");
                    try (RedisClient raw = RedisClient.create(redis.url())) {
                        return !raw.keys("bulwark:cache:*").isEmpty();
                    }
                }))
                .as("results are cached in Redis")
                .isTrue();
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
