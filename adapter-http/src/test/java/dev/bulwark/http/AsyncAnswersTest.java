package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Through the whole server (the edge, then the transport): a tool call whose answer another thread completes later
 * is answered, and its exchange ends as one answered on the request thread does: its end actions (the drain's count
 * of requests in flight) and its metrics run on the thread that completed it, before the client sees the answer.
 */
class AsyncAnswersTest {

    @Test
    void aStatelessCallAnsweredLaterByAnotherThreadEndsItsExchange() throws Exception {
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATELESS)) {
            answeredLaterEndsItsExchange(harness, null);
        }
    }

    @Test
    void aSessionsCallAnsweredLaterByAnotherThreadEndsItsExchangeAndTheSessionServesOn() throws Exception {
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATEFUL)) {
            String session = harness.initialize();

            answeredLaterEndsItsExchange(harness, session);

            assertThat(harness.callTool(session, "later", Map.of()).statusCode())
                    .as("the session serves its next call")
                    .isEqualTo(200);
        }
    }

    private static void answeredLaterEndsItsExchange(HttpHarness harness, String session) throws Exception {
        double answeredBefore = answered(harness);
        CompletableFuture<HttpResponse<String>> call =
                CompletableFuture.supplyAsync(() -> harness.callTool(session, "later", Map.of()));
        assertThat(harness.laterCalled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(harness.server.inFlight()).as("admitted, not answered yet").isEqualTo(1);

        new Thread(
                        () -> harness.later.complete(McpSchema.CallToolResult.builder()
                                .content(List.of(
                                        McpSchema.TextContent.builder("later").build()))
                                .isError(false)
                                .build()),
                        "tool")
                .start();

        HttpResponse<String> response =
                assertThat(call).succeedsWithin(HttpHarness.PATIENCE).actual();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.toolText(response)).isEqualTo("later");
        assertThat(harness.server.inFlight())
                .as("the exchange ended before its answer was written")
                .isZero();
        assertThat(answered(harness)).isEqualTo(answeredBefore + 1);
    }

    /** POSTs answered 200 so far, as the HTTP metrics count them. */
    private static double answered(HttpHarness harness) {
        var counter = harness.registry
                .find("mcp.http.requests")
                .tags("method", "POST", "status", "200")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
