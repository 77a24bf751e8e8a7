package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resources and templates added and removed while the server runs: listed, read, announced in both eras. */
class ResourceCatalogueChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final AtomicReference<ResourceCatalogue> resources = new AtomicReference<>();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .pack(pack -> resources.set(pack.resourceCatalogue()))
            .resource(resource("notes://first"))
            .build();
    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    private static Resource resource(String uri) {
        return new Resource(uri, "note", "A note", "text/plain", context -> "text of " + uri);
    }

    private static ResourceTemplate template(String uriTemplate) {
        return new ResourceTemplate(
                uriTemplate, "note", "Notes by name", "text/plain", (uri, variables, context) -> "note " + variables);
    }

    private McpSchema.InitializeResult connect(List<List<McpSchema.Resource>> heard) {
        return connect(Principal.of("alice"), heard);
    }

    private McpSchema.InitializeResult connect(Principal caller, List<List<McpSchema.Resource>> heard) {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, caller);
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(10))
                .resourcesChangeConsumer(heard::add)
                .build();
        return client.initialize();
    }

    private String read(String uri) {
        McpSchema.ReadResourceResult result = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }

    @Test
    void aSessionClientIsToldOfAResourceAddedLaterAndReadsIt() {
        List<List<McpSchema.Resource>> heard = new CopyOnWriteArrayList<>();
        McpSchema.InitializeResult initialized = connect(heard);
        assertThat(initialized.capabilities().resources().listChanged()).isTrue();

        resources.get().change(List.of(), List.of(resource("notes://later")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(listed -> assertThat(listed)
                                .extracting(McpSchema.Resource::uri)
                                .containsExactlyInAnyOrder("notes://first", "notes://later")));
        assertThat(read("notes://later")).isEqualTo("text of notes://later");
    }

    @Test
    void aTemplateAddedLaterIsListedAndReadAndARemovedResourceIsNoLongerServed() {
        connect(new CopyOnWriteArrayList<>());

        resources.get().changeTemplates(List.of(), List.of(template("notes://by-name/{name}")));
        resources.get().change(List.of("notes://first"), List.of());

        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("notes://by-name/{name}");
        assertThat(read("notes://by-name/ada")).isEqualTo("note {name=ada}");
        assertThat(client.listResources().resources()).isEmpty();
        assertThatThrownBy(() -> read("notes://first")).isInstanceOf(McpError.class);
    }

    @Test
    void aClosedSessionServerNoLongerFollowsTheResources() {
        McpSyncServer server = bulwark.serve(new InMemoryTransport(bulwark.jsonMapper()), Principal.of("alice"));
        server.close();

        resources.get().change(List.of(), List.of(resource("notes://after")));

        assertThat(server.listResources()).extracting(McpSchema.Resource::uri).containsExactly("notes://first");
    }

    @Test
    void aClientOfThe2026EraHearsTheChangeOnItsSubscriptionAndReadsTheNewResource() throws Exception {
        JsonNode discovered = era2026(1, "server/discover", "{\"_meta\":" + META + "}", null);
        assertThat(discovered
                        .path("result")
                        .path("capabilities")
                        .path("resources")
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
                                        "{\"notifications\":{\"resourcesListChanged\":true}," + "\"_meta\":" + META
                                                + "}"),
                                headers("subscriptions/listen", null),
                                RequestOrigin.of(Principal.of("alice", "*"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        acknowledged.stream().orElseThrow().open(notifications::add, () -> {});

        resources.get().change(List.of(), List.of(resource("notes://later")));

        await().atMost(Duration.ofSeconds(30)).until(() -> !notifications.isEmpty());
        assertThat(JSON.readTree(notifications.get(0)).path("method").asText())
                .isEqualTo("notifications/resources/list_changed");
        JsonNode read =
                era2026(3, "resources/read", "{\"uri\":\"notes://later\",\"_meta\":" + META + "}", "notes://later");
        assertThat(read.path("result").path("contents").get(0).path("text").asText())
                .as(read.toString())
                .isEqualTo("text of notes://later");
    }

    @Test
    void theSessionListsShowACallerOnlyTheResourcesAndTemplatesItMayRead() {
        resources.get().change(List.of(), List.of(resource("notes://secret").withRequiredScopes("notes:admin")));
        resources
                .get()
                .changeTemplates(
                        List.of(),
                        List.of(
                                template("notes://{name}"),
                                template("secrets://{name}").withRequiredScopes("notes:admin")));
        connect(Principal.of("bob", "notes:read"), new CopyOnWriteArrayList<>());

        assertThat(client.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactly("notes://first");
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("notes://{name}");
    }

    @Test
    void theSessionListsShowACallerWithTheScopeEveryResourceAndTemplate() {
        resources.get().change(List.of(), List.of(resource("notes://secret").withRequiredScopes("notes:admin")));
        resources
                .get()
                .changeTemplates(List.of(), List.of(template("secrets://{name}").withRequiredScopes("notes:admin")));
        connect(Principal.of("carol", "notes:admin"), new CopyOnWriteArrayList<>());

        assertThat(client.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactly("notes://first", "notes://secret");
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("secrets://{name}");
    }

    @Test
    void theListsOfThe2026EraShowACallerOnlyTheResourcesAndTemplatesItMayRead() throws Exception {
        resources.get().change(List.of(), List.of(resource("notes://secret").withRequiredScopes("notes:admin")));
        resources
                .get()
                .changeTemplates(List.of(), List.of(template("secrets://{name}").withRequiredScopes("notes:admin")));
        Principal bob = Principal.of("bob", "notes:read");
        Principal carol = Principal.of("carol", "notes:admin");

        JsonNode listed = era2026(1, "resources/list", "{\"_meta\":" + META + "}", null, bob);
        JsonNode listedForAdmin = era2026(2, "resources/list", "{\"_meta\":" + META + "}", null, carol);
        JsonNode templates = era2026(3, "resources/templates/list", "{\"_meta\":" + META + "}", null, bob);
        JsonNode templatesForAdmin = era2026(4, "resources/templates/list", "{\"_meta\":" + META + "}", null, carol);

        assertThat(values(listed.path("result").path("resources"), "uri"))
                .as(listed.toString())
                .containsExactly("notes://first");
        assertThat(values(listedForAdmin.path("result").path("resources"), "uri"))
                .as(listedForAdmin.toString())
                .containsExactly("notes://first", "notes://secret");
        assertThat(values(templates.path("result").path("resourceTemplates"), "uriTemplate"))
                .as(templates.toString())
                .isEmpty();
        assertThat(values(templatesForAdmin.path("result").path("resourceTemplates"), "uriTemplate"))
                .as(templatesForAdmin.toString())
                .containsExactly("secrets://{name}");
    }

    private static List<String> values(JsonNode items, String field) {
        List<String> values = new java.util.ArrayList<>();
        items.forEach(item -> values.add(item.path(field).asText()));
        return values;
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

    private static byte[] request(int id, String method, String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        if (name != null) {
            headers.put("mcp-name", name);
        }
        return headers;
    }
}
