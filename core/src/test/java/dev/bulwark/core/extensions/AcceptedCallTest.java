package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An embedder's extension that accepts a {@code tools/call} now and runs it later through {@link AcceptedCall}: the
 * answer is scoped and charged, the run is audited and counted once, as the call, when it ends.
 */
class AcceptedCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOBS = "com.example/jobs";
    private static final String ECHO = "com.example/echo";
    private static final String DECLARING = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + JOBS + "\":{},\"" + ECHO
            + "\":{}}}}";
    private static final Principal ALICE = Principal.of("alice", "deploy:run");

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger deployed = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CompletableFuture<Map<String, Object>>> runs = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> cancel = new CompletableFuture<>();
    private final List<Boolean> ranAsTask = new CopyOnWriteArrayList<>();
    /** What {@link Jobs} keeps of a call it stores rather than starts: its params as received, its caller. */
    private final List<Map<String, Object>> storedParams = new CopyOnWriteArrayList<>();

    private final List<Principal> storedCallers = new CopyOnWriteArrayList<>();
    private final Bulwark bulwark = server(audit, meters);

    private Bulwark server(List<AuditRecord> auditLines, SimpleMeterRegistry meterRegistry) {
        return Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                        .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                        .build())
                .auditLog(auditLines::add)
                .meterRegistry(meterRegistry)
                .tool(deploy())
                .tool(slow())
                .extension(Extension.builder(JOBS).augmentsToolCalls(new Jobs()).build())
                .extension(Extension.builder(ECHO).augmentsToolCalls(new Echo()).build())
                .build();
    }

    /** Accepts a call that carries {@code job}, and starts its run (twice when {@code job.twice} is set). */
    private final class Jobs implements ToolCallAugmentation {

        @Override
        public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
            return params.containsKey("job");
        }

        @Override
        public boolean startsTheRunLater(Tool<?, ?> tool) {
            return true;
        }

        @Override
        public Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
            String job = "job:" + accepted.incrementAndGet();
            AcceptedCall call = context.acceptedCall();
            if (params.get("job") instanceof Map<?, ?> asked && asked.containsKey("stored")) {
                storedParams.add(params);
                storedCallers.add(context.origin().caller().orElseThrow());
                return Map.of("content", List.of(Map.of("type", "text", "text", "stored " + job)));
            }
            if (params.get("job") instanceof Map<?, ?> asked && asked.get("id") instanceof String id) {
                try {
                    call.start(id, cancel);
                } catch (IllegalArgumentException refused) {
                    return Map.of("content", List.of(Map.of("type", "text", "text", refused.getMessage())));
                }
            }
            runs.add(call.start(job, cancel).toCompletableFuture());
            String text = "accepted " + job + " of " + call.toolName();
            if (params.get("job") instanceof Map<?, ?> asked && asked.containsKey("twice")) {
                try {
                    call.start(job + "-again", cancel);
                } catch (IllegalStateException refused) {
                    text = refused.getMessage();
                }
            }
            return Map.of("content", List.of(Map.of("type", "text", "text", text)));
        }
    }

    /** Answers a call that carries {@code echo} itself, and so has no accepted call to start. */
    private static final class Echo implements ToolCallAugmentation {

        @Override
        public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
            return params.containsKey("echo");
        }

        @Override
        public Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
            String text;
            try {
                text = "started " + context.acceptedCall().toolName();
            } catch (IllegalStateException refused) {
                text = refused.getMessage();
            }
            return Map.of("content", List.of(Map.of("type", "text", "text", text)));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Tool<?, ?> deploy() {
        return Tool.builder("deploy", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Deploys")
                .requiredScopes("deploy:run")
                .handler((input, context) -> {
                    ranAsTask.add(context.runsAsTask());
                    deployed.incrementAndGet();
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        return ToolResult.text("never released");
                    }
                    return ToolResult.text("deployed " + input.get("version"));
                })
                .build();
    }

    /** A tool of one call at a time that outlasts its deadline until released. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private Tool<?, ?> slow() {
        return Tool.builder("slow", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Outlasts its deadline")
                .requiredScopes("deploy:run")
                .timeout(Duration.ofMillis(200))
                .maxConcurrency(1)
                .handler((input, context) -> {
                    release.await(30, TimeUnit.SECONDS);
                    return ToolResult.text("finished late");
                })
                .build();
    }

    @AfterEach
    void close() {
        release.countDown();
        bulwark.close();
    }

    @Test
    void theCallIsAnsweredAtOnceAndItsRunIsAuditedAndCountedOnceWhenItEnds() throws Exception {
        JsonNode answered = call(1, "{\"job\":{}}", ALICE);

        assertThat(text(answered)).as(answered.toString()).isEqualTo("accepted job:1 of deploy");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deployed).hasValue(1));
        assertThat(audit)
                .as("the answer is not the call: nothing audited while the run runs")
                .isEmpty();
        assertThat(toolCalls()).isZero();

        release.countDown();
        Map<String, Object> result = runs.get(0).get(30, TimeUnit.SECONDS);

        assertThat(result).containsEntry("content", List.of(Map.of("type", "text", "text", "deployed 2")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(audit).isNotEmpty());
        assertThat(audit).singleElement().satisfies(line -> {
            assertThat(line.tool()).isEqualTo("deploy");
            assertThat(line.requestId()).isEqualTo("job:1");
            assertThat(line.principal()).isEqualTo("alice");
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(toolCalls()).isEqualTo(1.0));
    }

    @Test
    void theRunIsNotChargedAgainButTheNextCallIs() throws Exception {
        release.countDown();
        JsonNode first = call(2, "{\"job\":{}}", ALICE);
        Map<String, Object> ran = runs.get(0).get(30, TimeUnit.SECONDS);
        JsonNode second = call(3, "{\"job\":{}}", ALICE);

        assertThat(text(first)).as(first.toString()).isEqualTo("accepted job:1 of deploy");
        assertThat(ran)
                .as("one call a minute, charged when it was accepted")
                .containsEntry("content", List.of(Map.of("type", "text", "text", "deployed 2")));
        assertThat(errorType(second)).as(second.toString()).isEqualTo("rate_limited");
        assertThat(accepted).as("a refused call never reaches the extension").hasValue(1);
    }

    @Test
    void anAcceptedRunIsNotToldItRunsAsATaskAndIsChargedOnce() throws Exception {
        release.countDown();
        call(9, "{\"job\":{}}", ALICE);
        runs.get(0).get(30, TimeUnit.SECONDS);
        JsonNode next = call(10, "{\"job\":{}}", ALICE);

        assertThat(ranAsTask).as("an embedder's accepted run is no task").containsExactly(false);
        assertThat(errorType(next)).as(next.toString()).isEqualTo("rate_limited");
    }

    @Test
    void aCallRebuiltFromItsStoredFormInAnotherServerRunsOnceAsItsCallerAndIsNotChargedAgain() throws Exception {
        release.countDown();
        JsonNode answered = call(11, "{\"job\":{\"stored\":true}}", ALICE);
        assertThat(text(answered)).as(answered.toString()).isEqualTo("stored job:1");
        List<AuditRecord> restartedAudit = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry restartedMeters = new SimpleMeterRegistry();

        try (Bulwark restarted = server(restartedAudit, restartedMeters)) {
            Principal stored = storedCallers.get(0);
            AcceptedCall call = restarted
                    .acceptedCalls()
                    .of(storedParams.get(0), RequestOrigin.of(new Principal(stored.subject(), stored.scopes())));
            Map<String, Object> result = call.start("job:1", new CompletableFuture<Void>())
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);

            assertThat(call.toolName()).isEqualTo("deploy");
            assertThat(result).containsEntry("content", List.of(Map.of("type", "text", "text", "deployed 2")));
            assertThat(ranAsTask).containsExactly(false);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(restartedAudit)
                            .singleElement()
                            .satisfies(line -> {
                                assertThat(line.requestId()).isEqualTo("job:1");
                                assertThat(line.principal()).isEqualTo("alice");
                                assertThat(line.errorType()).isEqualTo("none");
                            }));
            JsonNode next = call(restarted, 12, "{\"job\":{}}", ALICE);
            assertThat(text(next))
                    .as("the rebuilt run was charged when it was accepted, not again: one call a minute is left")
                    .isEqualTo("accepted job:2 of deploy");
        }
        assertThat(audit).as("the answer that stored it is not the call").isEmpty();
    }

    @Test
    void aStoredFormThatLacksWhatARunNeedsIsRefusedNamingIt() {
        RequestOrigin alice = RequestOrigin.of(ALICE);
        Map<String, Object> arguments = Map.of("version", 2);

        assertThatThrownBy(() -> bulwark.acceptedCalls().of(Map.of("arguments", arguments), alice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params.name is required");
        assertThatThrownBy(() -> bulwark.acceptedCalls().of(Map.of("name", "undeploy"), alice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params.name names no tool this server serves: 'undeploy'");
        assertThatThrownBy(() -> bulwark.acceptedCalls().of(Map.of("name", "deploy", "arguments", "v2"), alice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params.arguments must be an object, as the call was received, but is string");
        assertThatThrownBy(() -> bulwark.acceptedCalls()
                        .of(
                                Map.of("name", "deploy"),
                                RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("origin.caller is required");
        assertThat(deployed).hasValue(0);
    }

    @Test
    void aCallerWithoutTheToolsScopesIsRefusedBeforeTheExtensionAccepts() throws Exception {
        JsonNode refused = call(4, "{\"job\":{}}", Principal.of("bob"));

        assertThat(errorType(refused)).as(refused.toString()).isEqualTo("permission_denied");
        assertThat(accepted).hasValue(0);
        assertThat(deployed).hasValue(0);
    }

    @Test
    void aSecondStartIsRefusedAndTheToolRunsOnce() throws Exception {
        release.countDown();
        JsonNode answered = call(5, "{\"job\":{\"twice\":true}}", ALICE);
        runs.get(0).get(30, TimeUnit.SECONDS);

        assertThat(text(answered))
                .as(answered.toString())
                .isEqualTo("the accepted call of tool 'deploy' was started already: an accepted call runs once");
        assertThat(deployed).hasValue(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(audit).hasSize(1));
    }

    @Test
    void aRunIdALogLineCouldNotQuoteIsRefusedAndNothingRuns() throws Exception {
        JsonNode answered = call(8, "{\"job\":{\"id\":\"job 1\\nforged\"}}", ALICE);

        assertThat(text(answered)).as(answered.toString()).startsWith("runId must be letters, digits and . _ : - only");
        assertThat(deployed).hasValue(0);
        assertThat(audit).isEmpty();
    }

    @Test
    void anAugmentationThatAnswersTheCallItselfHasNoAcceptedCall() throws Exception {
        JsonNode answered = call(6, "{\"echo\":{}}", ALICE);

        assertThat(text(answered)).as(answered.toString()).contains("startsTheRunLater");
        assertThat(deployed).hasValue(0);
    }

    @Test
    void aRebuiltCallWhoseToolOutlastsItsDeadlineIsAnsweredAsATimeoutCountedAuditedAndItsPermitReturned()
            throws Exception {
        Map<String, Object> stored = Map.of("name", "slow", "arguments", Map.of());

        for (String job : List.of("job:1", "job:2")) {
            Map<String, Object> result = bulwark.acceptedCalls()
                    .of(stored, RequestOrigin.of(ALICE))
                    .start(job, new CompletableFuture<Void>())
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);

            assertThat(result)
                    .as("the second run gets the one permit back, so it too reaches its deadline: " + result)
                    .containsEntry("isError", true);
            assertThat(String.valueOf(result.get("_meta")))
                    .as(result.toString())
                    .contains("timeout");
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(audit).extracting(AuditRecord::errorType).containsExactly("timeout", "timeout"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(meters.find("mcp.tool.calls").tag("tool", "slow").counters().stream()
                                .mapToDouble(Counter::count)
                                .sum())
                        .isEqualTo(2.0));
    }

    @Test
    void cancellingTheRunEndsItAsCancelled() throws Exception {
        JsonNode answered = call(7, "{\"job\":{}}", ALICE);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deployed).hasValue(1));

        cancel.complete(null);
        Map<String, Object> result = runs.get(0).get(30, TimeUnit.SECONDS);

        assertThat(text(answered)).as(answered.toString()).isEqualTo("accepted job:1 of deploy");
        assertThat(result).as(result.toString()).containsEntry("isError", true);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(audit)
                        .singleElement()
                        .extracting(AuditRecord::errorType)
                        .isEqualTo("cancelled"));
    }

    private double toolCalls() {
        return meters.find("mcp.tool.calls").tag("tool", "deploy").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static String text(JsonNode answer) {
        return answer.path("result").path("content").path(0).path("text").asText();
    }

    private static String errorType(JsonNode answer) {
        return answer.path("result")
                .path("_meta")
                .path("dev.bulwark/error-type")
                .asText();
    }

    private JsonNode call(int id, String extra, Principal caller) throws Exception {
        return call(bulwark, id, extra, caller);
    }

    private static JsonNode call(Bulwark server, int id, String extra, Principal caller) throws Exception {
        String params = "{\"name\":\"deploy\",\"arguments\":{\"version\":2}," + extra.substring(1, extra.length() - 1)
                + ",\"_meta\":" + DECLARING + "}";
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
        return JSON.readTree(server.era2026()
                .serve(ParsedEra2026Requests.overStdio(body, RequestOrigin.of(caller), false), notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json());
    }
}
