package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An embedder's extension that answers a {@code tools/call} itself: only for a client that declared it and a call it
 * takes, through the pipeline as the call would go (scoped, rate limited, audited and counted under the tool's name).
 */
class ToolCallAugmentationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREVIEW = "com.example/preview";
    private static final String DECLARING = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + PREVIEW + "\":{}}}}";
    private static final String SILENT = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final Principal ALICE = Principal.of("alice", "deploy:run");

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger deployed = new AtomicInteger();
    private final AtomicInteger previewed = new AtomicInteger();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                    .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                    .build())
            .auditLog(audit::add)
            .meterRegistry(meters)
            .tool(tool("deploy"))
            .tool(tool("ship"))
            .extension(
                    Extension.builder(PREVIEW).augmentsToolCalls(new Previews()).build())
            .build();

    /** Answers a call that carries {@code preview} with what it would do; {@code ship} is called only with it. */
    private final class Previews implements ToolCallAugmentation {

        @Override
        public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
            return params.containsKey("preview");
        }

        @Override
        public boolean requiredBy(Tool<?, ?> tool) {
            return tool.name().equals("ship");
        }

        @Override
        public Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
            previewed.incrementAndGet();
            return Map.of(
                    "content",
                    List.of(Map.of(
                            "type", "text", "text", context.principal().subject() + " would run " + tool.name())));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Tool<?, ?> tool(String name) {
        return Tool.builder(name, Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Runs " + name)
                .requiredScopes("deploy:run")
                .handler((input, context) -> {
                    deployed.incrementAndGet();
                    return ToolResult.text("ran " + name);
                })
                .build();
    }

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void aDeclaringClientsCallIsAnsweredByTheExtensionAuditedAndCountedAsTheCall() throws Exception {
        JsonNode answered = call(1, "deploy", true, DECLARING, ALICE);

        assertThat(text(answered)).as(answered.toString()).isEqualTo("alice would run deploy");
        assertThat(answered.path("result").path("resultType").asText()).isEqualTo("complete");
        assertThat(deployed).as("the tool's handler does not run").hasValue(0);
        assertThat(audit).extracting(AuditRecord::tool).containsExactly("deploy");
        assertThat(meters.find("mcp.tool.calls").tag("tool", "deploy").counters())
                .as("counted under the tool's name")
                .isNotEmpty();
    }

    @Test
    void aClientThatDidNotDeclareTheExtensionGetsThePlainCall() throws Exception {
        JsonNode answered = call(2, "deploy", true, SILENT, ALICE);

        assertThat(text(answered)).as(answered.toString()).isEqualTo("ran deploy");
        assertThat(previewed).hasValue(0);
    }

    @Test
    void aCallTheExtensionDoesNotTakeRunsPlainly() throws Exception {
        JsonNode answered = call(3, "deploy", false, DECLARING, ALICE);

        assertThat(text(answered)).as(answered.toString()).isEqualTo("ran deploy");
        assertThat(previewed).hasValue(0);
    }

    @Test
    void aCallerWithoutTheToolsScopesIsRefusedAsThePlainCallIs() throws Exception {
        JsonNode refused = call(4, "deploy", true, DECLARING, Principal.of("bob"));
        JsonNode plain = call(5, "deploy", false, DECLARING, Principal.of("bob"));

        assertThat(refused.path("result").path("isError").asBoolean())
                .as(refused.toString())
                .isTrue();
        assertThat(errorType(refused)).isEqualTo("permission_denied").isEqualTo(errorType(plain));
        assertThat(previewed).hasValue(0);
    }

    @Test
    void theToolsRateLimitBitesTheAugmentedCallAsItWouldThePlainOne() throws Exception {
        JsonNode first = call(6, "deploy", true, DECLARING, ALICE);
        JsonNode second = call(7, "deploy", true, DECLARING, ALICE);

        assertThat(text(first)).as(first.toString()).isEqualTo("alice would run deploy");
        assertThat(errorType(second)).as("one call a minute: %s", second).isEqualTo("rate_limited");
        assertThat(previewed).hasValue(1);
    }

    @Test
    void aToolCalledOnlyThroughTheExtensionIsRefusedToAClientThatDidNotDeclareIt() throws Exception {
        JsonNode refused = call(8, "ship", true, SILENT, ALICE);

        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32021);
        assertThat(refused.path("error")
                        .path("data")
                        .path("requiredCapabilities")
                        .path("extensions")
                        .has(PREVIEW))
                .isTrue();
        assertThat(deployed).hasValue(0);
        assertThat(previewed).hasValue(0);
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

    private JsonNode call(int id, String tool, boolean preview, String meta, Principal caller) throws Exception {
        String params = "{\"name\":\"" + tool + "\",\"arguments\":{}," + (preview ? "\"preview\":{}," : "")
                + "\"_meta\":" + meta + "}";
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
        return JSON.readTree(bulwark.era2026()
                .serve(ParsedEra2026Requests.overStdio(body, RequestOrigin.of(caller), false), notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json());
    }
}
