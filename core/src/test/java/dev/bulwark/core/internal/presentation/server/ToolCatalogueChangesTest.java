package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tools added and removed while the server runs: listed, called through the pipeline, announced in both eras. */
class ToolCatalogueChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    record TextInput(@ToolParam(description = "A text") String text) {}

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger cachedRuns = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                    .toolList(new ToolListSettings(true, 1))
                    .build())
            .auditLog(audit::add)
            .tool(tool("first").build())
            .build();
    private McpSyncClient client;

    @AfterEach
    void close() {
        never.countDown();
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    private static Tool.Builder<TextInput, Void> tool(String name) {
        return Tool.builder(name, TextInput.class, Void.class)
                .description("Answers " + name)
                .handler((input, context) -> ToolResult.text(name + ": " + input.text()));
    }

    private McpSchema.InitializeResult connect(Principal caller, List<List<McpSchema.Tool>> heard) {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, caller);
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(10))
                .toolsChangeConsumer(heard::add)
                .build();
        return client.initialize();
    }

    private String call(String tool) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, Map.of("text", "hi")));
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        return Boolean.TRUE.equals(result.isError()) ? "error: " + text : text;
    }

    private List<String> listedNames() {
        List<String> names = new java.util.ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(tool -> names.add(tool.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    @Test
    void aSessionClientIsToldOfAToolAddedLaterAndCallsItThroughThePipeline() {
        List<List<McpSchema.Tool>> heard = new CopyOnWriteArrayList<>();
        McpSchema.InitializeResult initialized = connect(Principal.of("alice", "notes:read"), heard);
        assertThat(initialized.capabilities().tools().listChanged()).isTrue();

        bulwark.catalogue().add(tool("later").requiredScopes("notes:read").build());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(tools -> assertThat(tools)
                                .extracting(McpSchema.Tool::name)
                                .containsExactly("first", "later")));
        assertThat(listedNames()).containsExactly("first", "later");
        assertThat(call("later")).isEqualTo("later: hi");
        assertThat(audit).anySatisfy(record -> {
            assertThat(record.tool()).isEqualTo("later");
            assertThat(record.principal()).isEqualTo("alice");
            assertThat(record.outcome()).isEqualTo("success");
            assertThat(record.upstream())
                    .as("only a gateway's tool names an upstream")
                    .isNull();
        });
        assertThat(bulwark.meterRegistry()
                        .find("mcp.tool.calls")
                        .tag("tool", "later")
                        .counters())
                .isNotEmpty();
    }

    @Test
    void aToolAddedLaterIsScopedRateLimitedCachedAndBoundedByItsDeadline() {
        connect(Principal.of("alice", "notes:read"), new CopyOnWriteArrayList<>());
        bulwark.catalogue()
                .change(
                        List.of(),
                        List.of(
                                tool("secret").requiredScopes("notes:admin").build(),
                                tool("once").rateLimit(1, Duration.ofHours(1)).build(),
                                Tool.builder("cached", TextInput.class, Void.class)
                                        .description("Counts its runs")
                                        .readOnly(true)
                                        .cache(CachePolicy.shared())
                                        .handler((input, context) ->
                                                ToolResult.text("run " + cachedRuns.incrementAndGet()))
                                        .build(),
                                Tool.builder("slow", TextInput.class, Void.class)
                                        .description("Never ends by itself")
                                        .timeout(Duration.ofMillis(300))
                                        .handler((input, context) -> {
                                            never.await();
                                            return ToolResult.text("too late");
                                        })
                                        .build()));

        assertThat(listedNames())
                .as("the filter hides what the caller may not call")
                .containsExactly("first", "once", "cached", "slow");
        assertThat(call("secret")).startsWith("error: ").contains("notes:admin");
        assertThat(call("once")).isEqualTo("once: hi");
        assertThat(call("once")).startsWith("error: ").containsIgnoringCase("rate limit");
        assertThat(call("cached")).isEqualTo("run 1");
        assertThat(call("cached")).isEqualTo("run 1");
        assertThat(call("slow")).startsWith("error: ").contains("did not finish within 300 ms");
    }

    @Test
    void aRemovedToolIsNoLongerListedAndTheClientIsTold() {
        List<List<McpSchema.Tool>> heard = new CopyOnWriteArrayList<>();
        bulwark.catalogue().add(tool("gone").build());
        connect(Principal.of("alice"), heard);
        assertThat(call("gone")).isEqualTo("gone: hi");

        assertThat(bulwark.catalogue().remove("gone")).isTrue();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(tools -> assertThat(tools)
                                .extracting(McpSchema.Tool::name)
                                .containsExactly("first")));
        assertThat(listedNames()).containsExactly("first");
        assertThat(bulwark.catalogue().remove("gone")).isFalse();
    }

    @Test
    void aClientOfThe2026EraHearsTheChangeOnItsSubscriptionAndCallsTheNewTool() throws Exception {
        JsonNode discovered = era2026(1, "server/discover", "{\"_meta\":" + META + "}", null, sink -> {});
        assertThat(discovered
                        .path("result")
                        .path("capabilities")
                        .path("tools")
                        .path("listChanged")
                        .asBoolean())
                .as(discovered.toString())
                .isTrue();
        List<String> notifications = new CopyOnWriteArrayList<>();
        Era2026Answer acknowledged = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                request(
                                        2,
                                        "subscriptions/listen",
                                        "{\"notifications\":{\"toolsListChanged\":true}," + "\"_meta\":" + META + "}"),
                                headers("subscriptions/listen", null),
                                caller()),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        assertThat(JSON.readTree(acknowledged.json())
                        .path("params")
                        .path("notifications")
                        .path("toolsListChanged")
                        .asBoolean())
                .isTrue();
        acknowledged.stream().orElseThrow().open(notifications::add, () -> {});

        bulwark.catalogue().add(tool("later").build());

        await().atMost(Duration.ofSeconds(30)).until(() -> !notifications.isEmpty());
        JsonNode told = JSON.readTree(notifications.get(0));
        assertThat(told.path("method").asText()).isEqualTo("notifications/tools/list_changed");
        assertThat(told.path("params")
                        .path("_meta")
                        .path("io.modelcontextprotocol/subscriptionId")
                        .asInt())
                .isEqualTo(2);
        JsonNode listed = era2026(3, "tools/list", "{\"cursor\":null,\"_meta\":" + META + "}", null, sink -> {});
        JsonNode firstPage = listed.path("result").path("tools");
        assertThat(firstPage.size()).as(listed.toString()).isEqualTo(1);
        JsonNode second = era2026(
                4,
                "tools/list",
                "{\"cursor\":\"" + listed.path("result").path("nextCursor").asText() + "\",\"_meta\":" + META + "}",
                null,
                sink -> {});
        assertThat(second.path("result").path("tools").get(0).path("name").asText())
                .as(second.toString())
                .isEqualTo("later");
        JsonNode called = era2026(
                5,
                "tools/call",
                "{\"name\":\"later\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}",
                "later",
                sink -> {});
        assertThat(called.path("result").path("content").get(0).path("text").asText())
                .as(called.toString())
                .isEqualTo("later: hi");

        bulwark.catalogue().remove("later");

        await().atMost(Duration.ofSeconds(30)).until(() -> notifications.size() == 2);
        JsonNode refused = era2026(
                6,
                "tools/call",
                "{\"name\":\"later\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}",
                "later",
                sink -> {});
        assertThat(refused.path("error").path("message").asText())
                .as(refused.toString())
                .contains("Unknown tool 'later'");
    }

    @Test
    void aToolAddedWhileServingMayNotRunAsATaskNorTakeAnExistingName() {
        assertThatThrownBy(() -> bulwark.catalogue()
                        .add(tool("tasked")
                                .taskSupport(Tool.TaskSupport.OPTIONAL)
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> bulwark.catalogue().add(tool("first").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate tool name(s): [first]");
        assertThat(bulwark.tools()).extracting(Tool::name).containsExactly("first");
    }

    private JsonNode era2026(
            int id, String method, String params, String name, java.util.function.Consumer<String> sink)
            throws Exception {
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(request(id, method, params), headers(method, name), caller()),
                        sink::accept)
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }

    private static RequestOrigin caller() {
        return RequestOrigin.of(Principal.of("alice", "*"));
    }

    private static byte[] request(int id, String method, String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        if (name != null) {
            headers.put("mcp-name", name);
        }
        return headers;
    }
}
