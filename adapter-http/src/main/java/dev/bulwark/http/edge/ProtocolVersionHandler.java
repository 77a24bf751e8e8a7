package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.List;

/**
 * Checks the {@code MCP-Protocol-Version} header the specification requires on every request after initialization:
 * an invalid or unsupported value gets 400 with a JSON-RPC error that lists the supported versions. A request
 * without the header passes (the specification tells servers to assume 2025-03-26 then). Thread-safe.
 */
public final class ProtocolVersionHandler extends EdgeHandler {

    /** The header, as the specification spells it. */
    public static final String HEADER = "MCP-Protocol-Version";

    private final List<String> supported;

    /** @param supported the versions the MCP transport speaks */
    public ProtocolVersionHandler(List<String> supported) {
        this.supported = List.copyOf(supported);
        if (this.supported.isEmpty()) {
            throw new IllegalArgumentException("At least one supported protocol version is needed");
        }
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String version = exchange.header(HEADER);
        if (version != null && !supported.contains(version.trim())) {
            exchange.refuse(400, "unsupported_protocol_version", JsonRpcErrors.INVALID_REQUEST,
                    "Bad request: unsupported MCP-Protocol-Version; this server supports "
                            + String.join(", ", supported));
            return false;
        }
        return true;
    }
}
