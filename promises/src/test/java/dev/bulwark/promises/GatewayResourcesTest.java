package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Resource;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream MCP server in this JVM serves resources over Streamable HTTP; the gateway, itself served over
 * Streamable HTTP with API keys, passes them on under {@code scheme://<upstream>/...}: listed and read with the
 * upstream's scope, neither listed nor read without it, failures without the upstream's text, one audit record each, changes passed on.
 */
class GatewayResourcesTest {

    private static final String READER_KEY = "reader-key-0123456789abcdef";
    private static final String OUTSIDER_KEY = "outsider-key-0123456789abcdef";

    private final GatewayStage stage = new GatewayStage();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final Bulwark gateway = Bulwark.builder(BulwarkConfig.defaults())
            .pack(stage.pack())
            .auditLog(audit::add)
            .build();
    private final BulwarkHttp http = BulwarkHttp.builder(gateway)
            .port(0)
            .managementPort(0)
            .apiKeys(new ApiKeys(List.of(
                    new ApiKey("reader", Set.of("promise:read"), ApiKeys.hashOf(READER_KEY)),
                    new ApiKey("outsider", Set.of("tools:read"), ApiKeys.hashOf(OUTSIDER_KEY)))))
            .start();
    private final List<McpSyncClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(McpSyncClient::closeGracefully);
        http.close();
        gateway.close();
        stage.close();
    }

    private McpSyncClient client(String key, List<List<McpSchema.Resource>> heard) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + http.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-API-Key", key))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .resourcesChangeConsumer(heard::add)
                .build();
        clients.add(client);
        client.initialize();
        return client;
    }

    private static String read(McpSyncClient client, String uri) {
        McpSchema.ReadResourceResult result = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }

    @Test
    void theUpstreamsResourcesAndTemplatesAreListedUnderItsNameAndReadOnceAuditedEach() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(reader.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .contains("notes://mcp/brief", "notes://mcp/broken");
        assertThat(reader.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .contains("notes://mcp/topics/{topic}");

        assertThat(read(reader, "notes://mcp/brief")).isEqualTo("The brief");
        assertThat(read(reader, "notes://mcp/topics/rain")).isEqualTo("On rain");
        assertThat(audit)
                .filteredOn(record -> "mcp".equals(record.upstream()))
                .extracting(AuditRecord::kind, AuditRecord::tool, AuditRecord::principal, AuditRecord::outcome)
                .containsExactly(
                        tuple(AuditRecord.Kind.RESOURCE, "notes://mcp/brief", "reader", "success"),
                        tuple(AuditRecord.Kind.RESOURCE, "notes://mcp/topics/rain", "reader", "success"));
    }

    @Test
    void aSubscribeToTheResourceOfAnUpstreamThatServesNoSubscriptionsIsRefusedSayingSo() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(reader.getServerCapabilities().resources().subscribe()).isTrue();
        assertThat(catchThrowable(() -> reader.subscribeResource(new McpSchema.SubscribeRequest("notes://mcp/brief"))))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Upstream 'mcp' does not serve resource subscriptions")
                .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code())
                        .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS));
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeNeitherSeesItsResourcesNorReadsThem() {
        McpSyncClient outsider = client(OUTSIDER_KEY, new ArrayList<>());

        assertThat(outsider.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .doesNotContain("notes://mcp/brief", "notes://mcp/broken");
        assertThat(outsider.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .doesNotContain("notes://mcp/topics/{topic}");
        assertThat(catchThrowable(() -> read(outsider, "notes://mcp/brief")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Permission denied")
                .hasMessageContaining("promise:read");
        assertThat(audit).filteredOn(record -> "mcp".equals(record.upstream())).isEmpty();
    }

    @Test
    void anUpstreamsFailingResourceIsAnsweredWithoutItsHostOrText() {
        McpSyncClient reader = client(READER_KEY, new ArrayList<>());

        assertThat(catchThrowable(() -> read(reader, "notes://mcp/broken")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Upstream 'mcp'")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("db.internal", "5432", "hunter2", "127.0.0.1", "Exception"));
    }

    @Test
    void aResourceTheUpstreamAddsIsPassedOnToConnectedClients() {
        List<List<McpSchema.Resource>> heard = new CopyOnWriteArrayList<>();
        McpSyncClient reader = client(READER_KEY, heard);

        stage.upstreamResources()
                .change(
                        List.of(),
                        List.of(new Resource(
                                "notes://later", "later", "Comes later", "text/plain", context -> "Later it is")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(resources -> assertThat(resources)
                                .extracting(McpSchema.Resource::uri)
                                .contains("notes://mcp/later")));
        assertThat(read(reader, "notes://mcp/later")).isEqualTo("Later it is");
    }
}
