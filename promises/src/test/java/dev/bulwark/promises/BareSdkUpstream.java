package dev.bulwark.promises;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The MCP Java SDK's own server over its Streamable HTTP servlet on loopback, with one tool ({@code shout}, which
 * refuses an empty text with invalid params): an upstream that speaks 2025-11-25 only.
 */
final class BareSdkUpstream implements AutoCloseable {

    private final McpSyncServer mcp;
    private final Server jetty;
    private final ServerConnector connector;

    BareSdkUpstream() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint("/mcp")
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("bare-sdk", "1.0.0")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder(
                                        "shout",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of("text", Map.of("type", "string"))))
                                .description("Says the text back, louder")
                                .build())
                        .callHandler((exchange, request) -> {
                            if ("".equals(request.arguments().get("text"))) {
                                // a caller's error, answered as the SDK answers one: a JSON-RPC error
                                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                                        McpSchema.ErrorCodes.INVALID_PARAMS,
                                        "Invalid params: text must not be empty",
                                        null));
                            }
                            return McpSchema.CallToolResult.builder()
                                    .content(List.of(new McpSchema.TextContent(
                                            String.valueOf(request.arguments().get("text"))
                                                    .toUpperCase(java.util.Locale.ROOT))))
                                    .build();
                        })
                        .build())
                .build();
        jetty = new Server();
        connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        jetty.setHandler(context);
        jetty.start();
    }

    /** Its MCP endpoint. */
    String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    }

    @Override
    public void close() throws Exception {
        mcp.close();
        jetty.stop();
    }
}
