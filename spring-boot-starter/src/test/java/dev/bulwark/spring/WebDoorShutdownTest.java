package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.McpTool;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Actuator is the web door's health: on stop, readiness turns 503 while the application's port still serves MCP, for
 * {@code bulwark.http.drain-delay}; liveness stays Spring's; with {@code server.shutdown=graceful} a call in flight
 * completes before the port closes; and no port of Bulwark's own is opened.
 */
class WebDoorShutdownTest {

    private static final String KEY = "bwk_shutdown-test-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CountDownLatch ENTERED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        ApiKeys apiKeys() {
            return new ApiKeys(List.of(new ApiKey("ada", Set.of(), ApiKeys.hashOf(KEY))));
        }
    }

    public static class Tools {
        @McpTool(description = "Answers at once", readOnly = true)
        public String quick() {
            return "quick done";
        }

        @McpTool(description = "Waits until the test releases it", timeout = "2m")
        public String slow() throws InterruptedException {
            ENTERED.countDown();
            RELEASE.await(60, TimeUnit.SECONDS);
            return "slow done";
        }
    }

    @Test
    void readinessRefusesWhileThePortStillServesThenTheCallInFlightCompletesBeforeThePortCloses() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .properties(
                        "server.port=0",
                        "server.shutdown=graceful",
                        "bulwark.transport=web",
                        "bulwark.http.drain-delay=6s",
                        "bulwark.http.drain-grace=60s",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.probes.enabled=true",
                        "spring.main.banner-mode=off")
                .run();
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        try {
            assertThat(context.getBeanNamesForType(BulwarkHttpLifecycle.class))
                    .as("no server of Bulwark's own")
                    .isEmpty();
            assertThat(context.getEnvironment().getProperty(BulwarkHttpLifecycle.LOCAL_PORT_PROPERTY))
                    .isNull();
            assertThat(WebDoorAuthTesting.get(port, "/actuator/health/readiness")
                            .statusCode())
                    .isEqualTo(200);

            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> mcp(port, "slow"));
            assertThat(ENTERED.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> WebDoorAuthTesting.get(port, "/actuator/health/readiness")
                                    .statusCode()
                            == 503);
            HttpResponse<String> stillServed = mcp(port, "quick");
            HttpResponse<String> liveness = WebDoorAuthTesting.get(port, "/actuator/health/liveness");
            RELEASE.countDown();
            HttpResponse<String> completed = inFlight.get(60, TimeUnit.SECONDS);
            closing.get(60, TimeUnit.SECONDS);

            assertThat(stillServed.statusCode())
                    .as("a call during the drain delay")
                    .isEqualTo(200);
            assertThat(stillServed.body()).contains("quick done");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(liveness.body()).path("status").asText()).isEqualTo("UP");
            assertThat(completed.statusCode()).isEqualTo(200);
            assertThat(completed.body()).contains("slow done").doesNotContain("\"isError\":true");
            assertThatThrownBy(() -> WebDoorAuthTesting.get(port, "/actuator/health/readiness"))
                    .as("the port is closed once the application stopped")
                    .isInstanceOf(IOException.class);
        } finally {
            RELEASE.countDown();
            context.close();
        }
    }

    private static HttpResponse<String> mcp(int port, String tool) {
        try {
            return WebDoorAuthTesting.post(port, "/mcp", "127.0.0.1", call(tool, "{}"), Map.of("X-API-Key", KEY));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
