package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An embedder's follow-up method: scoped and counted, but neither audited nor rate limited on its own, and without
 * the tool timeout, while the call it follows is all of these.
 */
class FollowUpMethodTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}";
    private static final Principal ALICE = Principal.of("alice", "jobs:run");

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Bulwark bulwark = server(BulwarkConfig.defaults().toBuilder()
            .rateLimit(new RateLimitSettings(true, 1, 0, 50))
            .build());
    /** A server whose tool timeout passes while a handler waits for the test. */
    private final Bulwark timing = server(BulwarkConfig.defaults().toBuilder()
            .limits(BulwarkConfig.defaults().limits().toBuilder()
                    .toolTimeout(Duration.ofMillis(200))
                    .build())
            .build());

    private Bulwark server(BulwarkConfig config) {
        return Bulwark.builder(config)
                .auditLog(audit::add)
                .meterRegistry(meters)
                .extension(Extension.builder("com.example/jobs")
                        .method(new ExtensionMethod("jobs/start", (params, context) -> Map.of("jobId", "j1"))
                                .withRequiredScopes("jobs:run"))
                        .method(new ExtensionMethod("jobs/block", (params, context) -> {
                            release.await();
                            return Map.of();
                        }))
                        .method(ExtensionMethod.followUp(
                                        "jobs/status", (params, context) -> Map.of("status", "working"))
                                .withRequiredScopes("jobs:run"))
                        .followUp("jobs/wait", (params, context) -> {
                            release.await();
                            return Map.of("status", "done");
                        })
                        .build())
                .build();
    }

    @AfterEach
    void close() {
        release.countDown();
        bulwark.close();
        timing.close();
    }

    @Test
    void theFirstCallIsAuditedAndRateLimitedWhileItsFollowUpsAreNeither() throws Exception {
        JsonNode started = answer(bulwark, 1, "jobs/start", ALICE);
        assertThat(started.path("result").path("jobId").asText())
                .as(started.toString())
                .isEqualTo("j1");
        JsonNode again = answer(bulwark, 2, "jobs/start", ALICE);
        assertThat(again.path("error").path("data").path("errorType").asText())
                .as("the first call's limit of one a minute bites: %s", again)
                .isEqualTo("rate_limited");

        for (int poll = 3; poll < 8; poll++) {
            JsonNode status = answer(bulwark, poll, "jobs/status", ALICE);
            assertThat(status.path("result").path("status").asText())
                    .as(status.toString())
                    .isEqualTo("working");
        }

        assertThat(audit)
                .as("the two calls of jobs/start only")
                .extracting(AuditRecord::tool)
                .containsExactly("jobs.start", "jobs.start");
        assertThat(meters.find("mcp.tool.calls").tag("tool", "jobs.status").counters())
                .as("the polls are counted")
                .isNotEmpty();
    }

    @Test
    void aFollowUpIsScopedAsAnyMethod() throws Exception {
        JsonNode refused = answer(bulwark, 1, "jobs/status", Principal.of("bob"));

        assertThat(refused.path("error").path("data").path("errorType").asText())
                .as(refused.toString())
                .isEqualTo("permission_denied");
    }

    @Test
    void aFollowUpOutlivesTheToolTimeoutThatEndsACall() throws Exception {
        CompletableFuture<Era2026Answer> waiting = send(timing, 1, "jobs/wait", ALICE);

        JsonNode timedOut = answer(timing, 2, "jobs/block", ALICE);
        assertThat(timedOut.path("error").path("data").path("errorType").asText())
                .as(timedOut.toString())
                .isEqualTo("timeout");
        assertThat(waiting)
                .as("started before the call that timed out, and not answered at the timeout")
                .isNotDone();

        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(waiting::isDone);
        JsonNode done = JSON.readTree(waiting.get().json());
        assertThat(done.path("result").path("status").asText())
                .as(done.toString())
                .isEqualTo("done");
    }

    private JsonNode answer(Bulwark server, int id, String method, Principal caller) throws Exception {
        return JSON.readTree(
                send(server, id, method, caller).get(30, TimeUnit.SECONDS).json());
    }

    private CompletableFuture<Era2026Answer> send(Bulwark server, int id, String method, Principal caller) {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + META + "}")
                .getBytes(StandardCharsets.UTF_8);
        // handed on to the tool executor: a handler that waits holds none of the test's threads
        return server.era2026()
                .serve(ParsedEra2026Requests.overStdio(body, RequestOrigin.of(caller), false), notification -> {});
    }
}
