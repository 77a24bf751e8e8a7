package dev.bulwark.core.internal.presentation.server;

import static dev.bulwark.core.internal.presentation.server.NoteTools.READER;
import static dev.bulwark.core.internal.presentation.server.NoteTools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tools/list} of a large catalogue, in pages of the protocol's cursor, as real SDK servers answer it over a
 * session and over stateless HTTP: a client that walks the cursors sees every tool once, in order.
 */
class ToolListPagingTest {

    private static final int TOOLS = 1_500;
    /** Built once: building 1,500 tools' schemas is most of what these tests cost. */
    private static final ServerFeatures CATALOGUE = catalogue();

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final ToolPipeline pipeline = TestPipelines.ending(invocation -> {
        throw new AssertionError("no tool is called in these tests");
    });
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** 1,500 tools; every third needs {@code notes:write}, the rest {@code notes:read}. */
    private static ServerFeatures catalogue() {
        ServerFeatures.Builder builder = ServerFeatures.builder();
        for (int i = 0; i < TOOLS; i++) {
            builder.tool(tool(name(i), i % 3 == 0 ? "notes:write" : "notes:read"));
        }
        return builder.build();
    }

    private static String name(int i) {
        return String.format("tool_%04d", i);
    }

    private static List<String> allNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < TOOLS; i++) {
            names.add(name(i));
        }
        return names;
    }

    private McpServerAssembler assembler(boolean filter, int pageSize) {
        return new McpServerAssembler(ServerSettings.defaults(), CATALOGUE, pipeline, jsonMapper)
                .withToolListFilter(filter)
                .withToolListPageSize(pageSize);
    }

    @Test
    void statelessServerListsALargeCatalogueInPagesWhoseCursorsReachEveryToolOnce() {
        StatelessLister lister = stateless(assembler(false, 100), callerIs(Principal.of("ops", "*")));

        List<McpSchema.ListToolsResult> pages = walk(lister::list);

        assertThat(pages)
                .hasSize(15)
                .allSatisfy(page -> assertThat(page.tools()).hasSize(100));
        assertThat(pages.get(14).nextCursor()).isNull();
        assertThat(names(pages)).containsExactlyElementsOf(allNames());
    }

    @Test
    void sessionServerListsALargeCatalogueInPagesWhoseCursorsReachEveryToolOnce() {
        McpSyncClient client = session(assembler(false, 200), Principal.of("operator", "*"), McpTransportContext.EMPTY);

        List<McpSchema.ListToolsResult> pages = walk(client::listTools);

        assertThat(pages).hasSize(8);
        assertThat(pages.get(7).tools()).hasSize(100);
        assertThat(names(pages)).containsExactlyElementsOf(allNames());
    }

    @Test
    void pagesOfAFilteredListHoldOnlyTheToolsTheCallerMayCallEachOnce() {
        StatelessLister lister = stateless(assembler(true, 128), callerIs(READER));

        List<String> listed = names(walk(lister::list));

        assertThat(listed).hasSize(1_000).doesNotHaveDuplicates().allSatisfy(name -> {
            int index = Integer.parseInt(name.substring("tool_".length()));
            assertThat(index % 3).isNotZero();
        });
    }

    @Test
    void aServerWithFewerToolsThanAPageAnswersInOnePageWithoutACursor() {
        McpServerAssembler small = new McpServerAssembler(
                ServerSettings.defaults(),
                ServerFeatures.builder().tool(tool("ping")).build(),
                pipeline,
                jsonMapper);
        StatelessLister lister = stateless(small, callerIs(READER));

        McpSchema.ListToolsResult page = lister.list(null);

        assertThat(page.nextCursor()).isNull();
        assertThat(page.tools()).extracting(McpSchema.Tool::name).containsExactly("ping");
        assertThat(ToolListSettings.defaults().pageSize()).isEqualTo(ToolListSettings.DEFAULT_PAGE_SIZE);
    }

    @Test
    void aCursorTheServerDidNotHandOutIsRefusedAsInvalidParams() {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = assembler(false, 100).serveStateless(transport);
        open.add(server::close);

        for (String cursor : List.of("not-a-cursor", "dG9vbHM6NTA", "dG9vbHM6OTk5OTk")) { // tools:50, tools:99999
            McpSchema.JSONRPCResponse response = transport
                    .handler
                    .handleRequest(
                            callerIs(READER),
                            new McpSchema.JSONRPCRequest("2.0", "tools/list", 1, Map.of("cursor", cursor)))
                    .block(Duration.ofSeconds(10));

            assertThat(response).isNotNull();
            assertThat(response.error()).isNotNull();
            assertThat(response.error().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
            assertThat(response.error().message()).contains("Invalid cursor");
        }
    }

    @Test
    void aPageSizeOutsideItsRangeIsRefusedNamingTheKey() {
        Assertions.assertThatThrownBy(() -> new ToolListSettings(true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits.tool-list-page-size");
        Assertions.assertThatThrownBy(() -> new ToolListSettings(true, ToolListSettings.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every page from the first, following {@code nextCursor}; fails on a cursor handed out twice. */
    private static List<McpSchema.ListToolsResult> walk(Function<String, McpSchema.ListToolsResult> list) {
        List<McpSchema.ListToolsResult> pages = new ArrayList<>();
        Map<String, Integer> seenCursors = new HashMap<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = list.apply(cursor);
            pages.add(page);
            cursor = page.nextCursor();
            if (cursor != null) {
                assertThat(seenCursors.put(cursor, pages.size()))
                        .as("cursor %s repeated", cursor)
                        .isNull();
            }
            assertThat(pages.size()).as("pages walked").isLessThanOrEqualTo(TOOLS);
        } while (cursor != null);
        return pages;
    }

    private static List<String> names(List<McpSchema.ListToolsResult> pages) {
        return pages.stream()
                .flatMap(page -> page.tools().stream())
                .map(McpSchema.Tool::name)
                .toList();
    }

    private static McpTransportContext callerIs(Principal principal) {
        return McpTransportContext.create(RequestOrigin.of(principal).asContext());
    }

    private interface StatelessLister {
        McpSchema.ListToolsResult list(String cursor);
    }

    private StatelessLister stateless(McpServerAssembler assembler, McpTransportContext context) {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = assembler.serveStateless(transport);
        open.add(server::close);
        return cursor -> {
            Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
            McpSchema.JSONRPCResponse response = transport
                    .handler
                    .handleRequest(context, new McpSchema.JSONRPCRequest("2.0", "tools/list", 1, params))
                    .block(Duration.ofSeconds(10));
            assertThat(response).isNotNull();
            if (response.error() != null) {
                throw new McpError(response.error());
            }
            return mapper.convertValue(response.result(), McpSchema.ListToolsResult.class);
        };
    }

    private McpSyncClient session(McpServerAssembler assembler, Principal defaultCaller, McpTransportContext context) {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper, context);
        McpSyncServer server = assembler.serve(transport, defaultCaller);
        open.add(server::close);
        McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        open.add(client::close);
        client.initialize();
        return client;
    }
}
