package dev.bulwark.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The bare MCP Java SDK peer of {@code scripts/load.sh}.
 */
public final class BareSdkServer {

    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());
    /** The bare server validates no input, so the schema of the conformance pack's tool is not repeated here. */
    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    private static final McpSchema.Tool SIMPLE_TEXT = McpSchema.Tool.builder("test_simple_text", NO_ARGUMENTS)
            .description("Returns simple text content for testing")
            .build();
    private static final McpSchema.Tool JSON_SCHEMA = McpSchema.Tool.builder("json_schema_2020_12_tool", ANY_OBJECT)
            .description("Tool with JSON Schema 2020-12 features (SEP-1613, SEP-2106)")
            .build();

    private BareSdkServer() {}

    /**
     * {@code PORT} serves the SDK's Streamable HTTP servlet transport on 127.0.0.1, {@code --stateless PORT} its
     * stateless one, {@code --stdio} its stdio transport; each in the SDK's fastest configuration ({@code
     * immediateExecution(true)}, no input validation, no security validator, no logging), until killed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--stdio")) {
            serveStdio();
            return;
        }
        boolean stateless = args.length > 0 && args[0].equals("--stateless");
        int portIndex = stateless ? 1 : 0;
        int port = args.length > portIndex ? Integer.parseInt(args[portIndex]) : 18081;
        HttpServlet transport;
        AutoCloseable mcp;
        if (stateless) {
            HttpServletStatelessServerTransport statelessTransport = HttpServletStatelessServerTransport.builder()
                    .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                    .messageEndpoint("/mcp")
                    .build();
            McpStatelessSyncServer server = withTheTools(McpServer.sync(statelessTransport));
            transport = statelessTransport;
            mcp = server::close;
        } else {
            HttpServletStreamableServerTransportProvider streamableTransport =
                    HttpServletStreamableServerTransportProvider.builder()
                            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                            .mcpEndpoint("/mcp")
                            .build();
            McpSyncServer server = withTheTools(McpServer.sync(streamableTransport));
            transport = streamableTransport;
            mcp = server::close;
        }

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        jetty.setHandler(context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mcp.close();
                jetty.stop();
            } catch (Exception e) {
                System.err.println("the server did not stop cleanly: " + e);
            }
        }));
        jetty.start();
        System.out.println(
                "bare SDK server ready on http://127.0.0.1:" + port + "/mcp" + (stateless ? " (stateless)" : ""));
        jetty.join();
    }

    private static void serveStdio() throws InterruptedException {
        StdioServerTransportProvider transport =
                new StdioServerTransportProvider(new JacksonMcpJsonMapper(new ObjectMapper()));
        McpSyncServer mcp = withTheTools(McpServer.sync(transport));
        Runtime.getRuntime().addShutdownHook(new Thread(mcp::close));
        Thread.currentThread().join();
    }

    private static McpSyncServer withTheTools(McpServer.SyncSpecification<?> server) {
        return server.serverInfo("bare-sdk", "1.0.0")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .validateToolInputs(false)
                .tools(
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(SIMPLE_TEXT)
                                .callHandler((exchange, request) -> simpleText())
                                .build(),
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(JSON_SCHEMA)
                                .callHandler((exchange, request) -> ok())
                                .build())
                .build();
    }

    private static McpStatelessSyncServer withTheTools(McpServer.StatelessSyncSpecification server) {
        return server.serverInfo("bare-sdk", "1.0.0")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .validateToolInputs(false)
                .tools(
                        McpStatelessServerFeatures.SyncToolSpecification.builder()
                                .tool(SIMPLE_TEXT)
                                .callHandler((context, request) -> simpleText())
                                .build(),
                        McpStatelessServerFeatures.SyncToolSpecification.builder()
                                .tool(JSON_SCHEMA)
                                .callHandler((context, request) -> ok())
                                .build())
                .build();
    }

    private static McpSchema.CallToolResult simpleText() {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder("This is a simple text response for testing.")
                        .build()))
                .isError(false)
                .build();
    }

    private static McpSchema.CallToolResult ok() {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder("ok").build()))
                .isError(false)
                .build();
    }
}
