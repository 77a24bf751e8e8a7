package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application context drains Bulwark's port as the server jar drains on SIGTERM: the call in flight
 * completes and is answered, a new call meanwhile gets 503 with {@code Retry-After} and a JSON-RPC error.
 */
class GracefulShutdownTest {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    record Nothing() {}

    record Done(String text) {}

    @Configuration(proxyBeanMethods = false)
    static class BlockingTool {
        @Bean
        Tool<Nothing, Done> slow() {
            return Tool.builder("slow", Nothing.class, Done.class)
                    .description("Runs until the test releases it")
                    .handler((input, context) -> {
                        ENTERED.countDown();
                        if (!RELEASE.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                        return ToolResult.of(new Done("slow done"));
                    })
                    .build();
        }
    }

    @Test
    void theCallInFlightCompletesAndANewCallIsRefusedWith503WhileTheContextCloses() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withUserConfiguration(BlockingTool.class)
                .withPropertyValues(
                        "bulwark.http.port=0",
                        "bulwark.http.management-port=0",
                        "bulwark.http.mode=stateless",
                        "bulwark.http.drain-delay=0s",
                        "bulwark.http.drain-grace=60s")
                .run(context -> {
                    int port = context.getBean(BulwarkHttpLifecycle.class).port();
                    Bulwark bulwark = context.getBean(Bulwark.class);
                    CompletableFuture<HttpResponse<String>> inFlight =
                            CompletableFuture.supplyAsync(() -> call(port, 9, "slow"));
                    assertThat(ENTERED.await(60, TimeUnit.SECONDS)).isTrue();

                    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
                    awaitDraining(bulwark);
                    HttpResponse<String> refused = call(port, 10, "slow");
                    RELEASE.countDown();
                    HttpResponse<String> completed = inFlight.get(60, TimeUnit.SECONDS);
                    closing.get(60, TimeUnit.SECONDS);

                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(refused.body()).contains("\"jsonrpc\":\"2.0\"", "-32000", "shutting down");
                    assertThat(completed.statusCode()).isEqualTo(200);
                    assertThat(completed.body())
                            .contains("\"id\":9", "slow done")
                            .doesNotContain("\"isError\":true");
                    assertThat(context.isActive()).isFalse();
                });
    }

    /** Waits (bounded) until the stop has begun to drain: the close runs on another thread. */
    private static void awaitDraining(Bulwark bulwark) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!bulwark.health().isDraining()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the context's stop never started draining");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static HttpResponse<String> call(int port, int id, String tool) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}"))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
