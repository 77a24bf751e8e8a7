package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 2026-07-28 layer is built by the first request it serves, not at start. */
class DeferredEra2026Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DISCOVER = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":"
                    + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
            .getBytes(StandardCharsets.UTF_8);

    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
    private final DeferredEra2026 era = (DeferredEra2026) bulwark.era2026();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void aServerBuildsNoLayerUntilARequestNeedsIt() {
        assertThat(era.built()).isFalse();
    }

    @Test
    void claimingARequestBuildsNothing() {
        assertThat(era.claims("server/discover", null, null)).isTrue();
        assertThat(era.claims("tools/list", null, "2026-07-28")).isTrue();
        assertThat(era.claims("tools/list", null, null)).isFalse();

        assertThat(era.built()).isFalse();
    }

    @Test
    void theFirstRequestBuildsTheLayerAndIsServedByIt() throws Exception {
        Era2026Answer answer = discover().get(30, TimeUnit.SECONDS);

        assertThat(era.built()).isTrue();
        assertThat(answer.httpStatus()).isEqualTo(200);
        assertThat(JSON.readTree(answer.json())
                        .at("/result/supportedVersions/0")
                        .asText())
                .isEqualTo("2026-07-28");
    }

    @Test
    void requestsArrivingTogetherAreAllServed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Era2026Answer>> answers = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                    return discover().get(30, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            },
                            threads))
                    .toList();
            start.countDown();

            for (CompletableFuture<Era2026Answer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closingBeforeAnyRequestBuildsNothing() {
        bulwark.close();

        assertThat(era.built()).isFalse();
    }

    private CompletableFuture<Era2026Answer> discover() {
        return era.serve(
                ParsedEra2026Requests.overHttp(
                        DISCOVER,
                        Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", "server/discover"),
                        RequestOrigin.of(Principal.of("alice", "*"))),
                notification -> {});
    }
}
