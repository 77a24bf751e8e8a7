package dev.bulwark.bootstrap.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.time.Duration;

/** The MCP Java SDK's stdio client of a server jar the test starts, not yet initialized. */
final class StdioClients {

    /**
     * How long a request, the first {@code initialize} included, may wait: the server's JVM starts as the client
     * sends it, and on a machine as loaded as CI's (load average 40 on two cores) that start alone took over 30 s.
     */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private StdioClients() {}

    static McpSyncClient of(ServerParameters server) {
        return McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(PATIENCE)
                .initializationTimeout(PATIENCE)
                .build();
    }
}
