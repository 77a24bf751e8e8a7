package dev.bulwark.core.internal.presentation.server;

import static dev.bulwark.core.internal.presentation.server.NoteTools.READER;
import static dev.bulwark.core.internal.presentation.server.NoteTools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
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
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tools/list} as real SDK servers answer it with the scope filter on or off: over a session (the caller in each
 * message's transport context, or the default caller as over stdio) and over stateless HTTP (the caller in each
 * request's transport context).
 */
class ToolListFilterTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final ServerFeatures features = ServerFeatures.builder()
            .tool(tool("read_note", "notes:read"))
            .tool(tool("delete_note", "notes:write"))
            .tool(tool("ping"))
            .build();
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

    private McpServerAssembler httpAssembler(boolean filter) {
        return new McpServerAssembler(ServerSettings.defaults(), features, pipeline, jsonMapper)
                .withToolListFilter(filter);
    }

    @Test
    void statelessServerListsOnlyTheToolsTheCallerMayCall() {
        List<String> listed = listStateless(httpAssembler(true), callerIs(READER));

        assertThat(listed).containsExactlyInAnyOrder("read_note", "ping");
    }

    @Test
    void statelessServerListsEveryToolWithTheFilterOff() {
        List<String> listed = listStateless(httpAssembler(false), callerIs(READER));

        assertThat(listed).containsExactlyInAnyOrder("read_note", "delete_note", "ping");
    }

    @Test
    void statelessServerListsNothingForARequestThatNamesNoCaller() {
        List<String> listed = listStateless(httpAssembler(true), McpTransportContext.EMPTY);

        assertThat(listed).isEmpty();
    }

    @Test
    void sessionServerListsOnlyTheToolsTheTransportsCallerMayCall() {
        List<String> listed = listOverSession(httpAssembler(true), NOBODY, callerIs(READER));

        assertThat(listed).containsExactlyInAnyOrder("read_note", "ping");
    }

    @Test
    void sessionServerListsEveryToolWithTheFilterOff() {
        List<String> listed = listOverSession(httpAssembler(false), NOBODY, callerIs(READER));

        assertThat(listed).containsExactlyInAnyOrder("read_note", "delete_note", "ping");
    }

    @Test
    void sessionServerFiltersForTheDefaultCallerWhenTheTransportNamesNone() {
        McpServerAssembler stdio = new McpServerAssembler(ServerSettings.defaults(), features, pipeline, jsonMapper)
                .withToolListFilter(true);

        List<String> listed =
                listOverSession(stdio, Principal.of("operator", "notes:write"), McpTransportContext.EMPTY);

        assertThat(listed).containsExactlyInAnyOrder("delete_note", "ping");
    }

    /**
     * The default caller is only the fallback: a caller the transport names is filtered by its own scopes, even where
     * the default caller may call every tool.
     */
    @Test
    void sessionServerFiltersForTheTransportsCallerWhereTheDefaultCallerMayCallEveryTool() {
        McpServerAssembler stdio = new McpServerAssembler(ServerSettings.defaults(), features, pipeline, jsonMapper)
                .withToolListFilter(true);

        List<String> listed = listOverSession(stdio, Principal.of("operator", Principal.ALL_SCOPES), callerIs(READER));

        assertThat(listed).containsExactlyInAnyOrder("read_note", "ping");
    }

    /** The default caller of a session server whose transport names its callers: holds no scope. */
    private static final Principal NOBODY = Principal.of("nobody");

    private static McpTransportContext callerIs(Principal principal) {
        return McpTransportContext.create(RequestOrigin.of(principal).asContext());
    }

    private List<String> listStateless(McpServerAssembler assembler, McpTransportContext context) {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = assembler.serveStateless(transport);
        open.add(server::close);

        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(context, new McpSchema.JSONRPCRequest("2.0", "tools/list", 1, Map.of()))
                .block(Duration.ofSeconds(30));

        assertThat(response).isNotNull();
        assertThat(response.error()).isNull();
        return names(mapper.convertValue(response.result(), McpSchema.ListToolsResult.class));
    }

    private List<String> listOverSession(
            McpServerAssembler assembler, Principal defaultCaller, McpTransportContext context) {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper, context);
        McpSyncServer server = assembler.serve(transport, defaultCaller);
        open.add(server::close);
        McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        open.add(client::close);
        client.initialize();

        return names(client.listTools());
    }

    private static List<String> names(McpSchema.ListToolsResult result) {
        return result.tools().stream().map(McpSchema.Tool::name).toList();
    }
}
