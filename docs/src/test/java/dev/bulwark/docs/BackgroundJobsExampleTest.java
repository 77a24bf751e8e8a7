package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the accept-now-run-later example of docs/tool-authors.md in the 2026 era, and keeps the page in step: the
 * client gets the job's id at once, and the call is audited and counted once, when its run ends.
 */
class BackgroundJobsExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Queue<BackgroundJobsExample.StoredJob> durable = new ConcurrentLinkedQueue<>();
    private final BackgroundJobsExample jobs = new BackgroundJobsExample(durable);
    private final Bulwark bulwark = server(audit, meters);

    private Bulwark server(List<AuditRecord> auditLines, SimpleMeterRegistry meterRegistry) {
        return Bulwark.builder(BulwarkConfig.defaults())
                .auditLog(auditLines::add)
                .meterRegistry(meterRegistry)
                .tool(Tool.builder("deploy", Map.class, Void.class)
                        .inputSchema(Map.of("type", "object"))
                        .description("Deploys a version")
                        .handler((input, context) -> {
                            if (!release.await(30, TimeUnit.SECONDS)) {
                                return ToolResult.text("never released");
                            }
                            return ToolResult.text("deployed " + input.get("version"));
                        })
                        .build())
                .extension(jobs.extension())
                .build();
    }

    @AfterEach
    void close() {
        release.countDown();
        bulwark.close();
    }

    @Test
    void toolAuthorsPageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/BackgroundJobsExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void theClientGetsTheJobAtOnceAndTheCallIsAuditedAndCountedOnceWhenItsRunEnds() throws Exception {
        JsonNode answered = call("true");
        String job = answered.at("/result/content/0/text").asText();

        assertThat(job).as(answered.toString()).startsWith("job-");
        assertThat(audit).as("the answer is not audited: the run is").isEmpty();

        release.countDown();
        Map<String, Object> result =
                jobs.result(job).orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(result).containsEntry("content", List.of(Map.of("type", "text", "text", "deployed 2")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(audit).isNotEmpty());
        assertThat(audit).singleElement().satisfies(line -> {
            assertThat(line.tool()).isEqualTo("deploy");
            assertThat(line.requestId()).isEqualTo(job);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(toolCalls()).isEqualTo(1.0));
    }

    @Test
    void aDurableJobRunsInAnotherServerFromWhatWasStoredAuditedThereOnce() throws Exception {
        JsonNode answered = call("\"durable\"");
        String job = answered.at("/result/content/0/text").asText();
        release.countDown();
        List<AuditRecord> restartedAudit = new CopyOnWriteArrayList<>();

        try (Bulwark restarted = server(restartedAudit, new SimpleMeterRegistry())) {
            BackgroundJobsExample.StoredJob stored = durable.poll();
            Map<String, Object> result =
                    jobs.run(restarted, stored).toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(stored.job()).as(answered.toString()).isEqualTo(job);
            assertThat(result).containsEntry("content", List.of(Map.of("type", "text", "text", "deployed 2")));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(restartedAudit).singleElement().satisfies(line -> {
                        assertThat(line.requestId()).isEqualTo(job);
                        assertThat(line.principal()).isEqualTo("alice");
                    }));
        }
        assertThat(audit).as("the server that stored the job ran nothing").isEmpty();
    }

    private double toolCalls() {
        return meters.find("mcp.tool.calls").tag("tool", "deploy").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private JsonNode call(String background) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\","
                + "\"arguments\":{\"version\":2},\"background\":" + background + ",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + ProtocolEra.REQUESTS_2026_07_28.version()
                + "\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"com.example/background\":{}}}}}}";
        return JSON.readTree(bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overStdio(
                                body.getBytes(StandardCharsets.UTF_8), RequestOrigin.of(Principal.of("alice")), false),
                        notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json());
    }
}
