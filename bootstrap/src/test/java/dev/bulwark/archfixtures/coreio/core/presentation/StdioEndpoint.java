package dev.bulwark.archfixtures.coreio.core.presentation;

import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/** Breaks "core uses no I/O library": the core may use the MCP SDK, but not its transports. */
public class StdioEndpoint {

    private final StdioServerTransportProvider transport;

    public StdioEndpoint(StdioServerTransportProvider transport) {
        this.transport = transport;
    }

    public StdioServerTransportProvider transport() {
        return transport;
    }
}
