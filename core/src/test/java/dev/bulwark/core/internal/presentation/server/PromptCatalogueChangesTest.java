package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prompts added and removed while the server runs: listed, got through the guard, announced in both eras. */
class PromptCatalogueChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final AtomicReference<PromptCatalogue> prompts = new AtomicReference<>();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .pack(pack -> prompts.set(pack.promptCatalogue()))
            .prompt(prompt("first"))
            .build();
    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    private static Prompt prompt(String name) {
        return new Prompt(
                name,
                "Says " + name,
                List.of(new Prompt.Argument("topic", "What about", true)),
                (arguments, context) -> name + " about " + arguments.get("topic"));
    }

    private McpSchema.InitializeResult connect(Principal caller, List<List<McpSchema.Prompt>> heard) {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, caller);
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(10))
                .promptsChangeConsumer(heard::add)
                .build();
        return client.initialize();
    }

    private String get(String name) {
        McpSchema.GetPromptResult result =
                client.getPrompt(new McpSchema.GetPromptRequest(name, Map.of("topic", "rain")));
        return ((McpSchema.TextContent) result.messages().get(0).content()).text();
    }

    @Test
    void aSessionClientIsToldOfAPromptAddedLaterAndGetsIt() {
        List<List<McpSchema.Prompt>> heard = new CopyOnWriteArrayList<>();
        McpSchema.InitializeResult initialized = connect(Principal.of("alice", "notes:read"), heard);
        assertThat(initialized.capabilities().prompts().listChanged()).isTrue();

        prompts.get().add(prompt("later"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(listed -> assertThat(listed)
                                .extracting(McpSchema.Prompt::name)
                                .containsExactlyInAnyOrder("first", "later")));
        assertThat(client.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("first", "later");
        assertThat(get("later")).isEqualTo("later about rain");
    }

    @Test
    void aClosedSessionServerNoLongerFollowsTheCatalogue() {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        McpSyncServer server = bulwark.serve(transport, Principal.of("alice"));
        prompts.get().add(prompt("before"));
        assertThat(server.listPrompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("first", "before");

        server.close();
        prompts.get().add(prompt("after"));
        prompts.get().remove("before");

        assertThat(server.listPrompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("first", "before");
    }

    @Test
    void aClosedStatelessServerNoLongerFollowsTheCatalogue() {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = bulwark.serveStateless(transport);
        prompts.get().add(prompt("before"));
        McpSchema.JSONRPCResponse before = statelessGet(transport, "before");

        server.close();
        prompts.get().add(prompt("after"));
        McpSchema.JSONRPCResponse after = statelessGet(transport, "after");

        assertThat(before.error()).as("%s", before).isNull();
        assertThat(after.error()).as("%s", after).isNotNull();
        assertThat(after.error().message()).isEqualTo("Invalid prompt name");
    }

    private static McpSchema.JSONRPCResponse statelessGet(CapturingTransport transport, String name) {
        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(
                        McpTransportContext.create(
                                RequestOrigin.of(Principal.of("alice", "*")).asContext()),
                        new McpSchema.JSONRPCRequest(
                                "2.0",
                                McpSchema.METHOD_PROMPT_GET,
                                1,
                                Map.of("name", name, "arguments", Map.of("topic", "rain"))))
                .block(Duration.ofSeconds(30));
        assertThat(response).isNotNull();
        return response;
    }

    @Test
    void aRemovedPromptIsNoLongerListedNorServed() {
        connect(Principal.of("alice"), new CopyOnWriteArrayList<>());
        prompts.get().add(prompt("gone"));
        assertThat(get("gone")).isEqualTo("gone about rain");

        assertThat(prompts.get().remove("gone")).isTrue();

        assertThat(client.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactly("first");
        assertThatThrownBy(() -> get("gone")).isInstanceOf(McpError.class);
        assertThat(prompts.get().remove("gone")).isFalse();
    }

    @Test
    void aPromptAddedLaterKeepsItsScope() {
        connect(Principal.of("bob", "notes:read"), new CopyOnWriteArrayList<>());

        prompts.get().add(prompt("secret").withRequiredScopes("notes:admin"));

        assertThatThrownBy(() -> get("secret")).isInstanceOf(McpError.class).hasMessageContaining("notes:admin");
    }

    @Test
    void theListShowsACallerOnlyThePromptsItMayGet() {
        prompts.get().add(prompt("secret").withRequiredScopes("notes:admin"));
        connect(Principal.of("bob", "notes:read"), new CopyOnWriteArrayList<>());

        assertThat(client.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactly("first");
    }

    @Test
    void theListOfThe2026EraShowsACallerOnlyThePromptsItMayGet() throws Exception {
        prompts.get().add(prompt("secret").withRequiredScopes("notes:admin"));

        JsonNode listed =
                era2026(1, "prompts/list", "{\"_meta\":" + META + "}", null, Principal.of("bob", "notes:read"));
        JsonNode listedForAdmin =
                era2026(2, "prompts/list", "{\"_meta\":" + META + "}", null, Principal.of("carol", "notes:admin"));

        assertThat(names(listed.path("result").path("prompts")))
                .as(listed.toString())
                .containsExactly("first");
        assertThat(names(listedForAdmin.path("result").path("prompts")))
                .as(listedForAdmin.toString())
                .containsExactly("first", "secret");
    }

    @Test
    void aPromptOfAnExistingNameIsRefused() {
        assertThatThrownBy(() -> prompts.get().add(prompt("first")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate prompt name(s): [first]");
    }

    @Test
    void aClientOfThe2026EraHearsTheChangeOnItsSubscriptionAndGetsTheNewPrompt() throws Exception {
        JsonNode discovered = era2026(1, "server/discover", "{\"_meta\":" + META + "}", null);
        assertThat(discovered
                        .path("result")
                        .path("capabilities")
                        .path("prompts")
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
                                        "{\"notifications\":{\"promptsListChanged\":true}," + "\"_meta\":" + META
                                                + "}"),
                                headers("subscriptions/listen", null),
                                RequestOrigin.of(Principal.of("alice", "*"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        assertThat(JSON.readTree(acknowledged.json())
                        .path("params")
                        .path("notifications")
                        .path("promptsListChanged")
                        .asBoolean())
                .as(acknowledged.json())
                .isTrue();
        acknowledged.stream().orElseThrow().open(notifications::add, () -> {});

        prompts.get().add(prompt("later"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !notifications.isEmpty());
        assertThat(JSON.readTree(notifications.get(0)).path("method").asText())
                .isEqualTo("notifications/prompts/list_changed");
        JsonNode got = era2026(
                3,
                "prompts/get",
                "{\"name\":\"later\",\"arguments\":{\"topic\":\"rain\"},\"_meta\":" + META + "}",
                "later");
        assertThat(got.path("result")
                        .path("messages")
                        .get(0)
                        .path("content")
                        .path("text")
                        .asText())
                .as(got.toString())
                .isEqualTo("later about rain");
    }

    private JsonNode era2026(int id, String method, String params, String name) throws Exception {
        return era2026(id, method, params, name, Principal.of("alice", "*"));
    }

    private JsonNode era2026(int id, String method, String params, String name, Principal caller) throws Exception {
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                request(id, method, params), headers(method, name), RequestOrigin.of(caller)),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }

    private static List<String> names(JsonNode prompts) {
        List<String> names = new java.util.ArrayList<>();
        prompts.forEach(prompt -> names.add(prompt.path("name").asText()));
        return names;
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
