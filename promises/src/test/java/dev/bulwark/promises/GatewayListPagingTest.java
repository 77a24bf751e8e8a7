package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's prompt and resource lists over Streamable HTTP, in pages of one item: a client that follows each
 * {@code nextCursor} gets every item its scopes show, once, and none of the upstream whose scope it lacks.
 */
class GatewayListPagingTest {

    private static final String READER_KEY = "reader-key-0123456789abcdef";

    private final GatewayStage stage = new GatewayStage();
    private final Bulwark gateway = Bulwark.builder(BulwarkConfig.builder()
                    .toolList(new ToolListSettings(true, 1))
                    .build())
            .pack(stage.pack())
            .build();
    private final BulwarkHttp http = BulwarkHttp.builder(gateway)
            .port(0)
            .managementPort(0)
            .apiKeys(new ApiKeys(List.of(new ApiKey("reader", Set.of("promise:read"), ApiKeys.hashOf(READER_KEY)))))
            .start();
    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        http.close();
        gateway.close();
        stage.close();
    }

    private McpSyncClient reader() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + http.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-API-Key", READER_KEY))
                .build();
        client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    @Test
    void theGatewaysPromptsResourcesAndTemplatesAreListedAPageAtATimeForTheCallersScopes() {
        McpSyncClient reader = reader();

        List<List<String>> prompts = walk(cursor -> {
            McpSchema.ListPromptsResult page = reader.listPrompts(cursor);
            return new Page(page.prompts().stream().map(McpSchema.Prompt::name).toList(), page.nextCursor());
        });
        List<List<String>> resources = walk(cursor -> {
            McpSchema.ListResourcesResult page = reader.listResources(cursor);
            return new Page(
                    page.resources().stream().map(McpSchema.Resource::uri).toList(), page.nextCursor());
        });
        List<List<String>> templates = walk(cursor -> {
            McpSchema.ListResourceTemplatesResult page = reader.listResourceTemplates(cursor);
            return new Page(
                    page.resourceTemplates().stream()
                            .map(McpSchema.ResourceTemplate::uriTemplate)
                            .toList(),
                    page.nextCursor());
        });

        assertThat(prompts).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(1));
        assertThat(prompts.stream().flatMap(List::stream))
                .contains("mcp_brief", "mcp_broken")
                .doesNotHaveDuplicates()
                .noneMatch(name -> name.startsWith("mcpadmin_"));
        assertThat(resources).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(1));
        assertThat(resources.stream().flatMap(List::stream))
                .contains("notes://mcp/brief", "notes://mcp/broken")
                .doesNotHaveDuplicates()
                .noneMatch(uri -> uri.startsWith("notes://mcpadmin/"));
        assertThat(templates.stream().flatMap(List::stream)).containsExactly("notes://mcp/topics/{topic}");
    }

    /** A page's items and its cursor. */
    private record Page(List<String> items, String nextCursor) {}

    /** Each page's items, following {@code nextCursor} from the first page. */
    private static List<List<String>> walk(Function<String, Page> list) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page page = list.apply(cursor);
            pages.add(page.items());
            cursor = page.nextCursor();
            assertThat(pages.size()).as("pages walked").isLessThanOrEqualTo(20);
        } while (cursor != null);
        return pages;
    }
}
