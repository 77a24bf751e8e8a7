package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Refuses with 400 an invalid or unsupported {@code MCP-Protocol-Version} header.
 */
public final class ProtocolVersionHandler extends EdgeHandler {

    /** The header, as the specification spells it. */
    public static final String HEADER = "MCP-Protocol-Version";

    private final List<String> supported;
    private final Predicate<String> servedElsewhere;

    /** @param supported the versions the MCP transport speaks */
    public ProtocolVersionHandler(List<String> supported) {
        this(supported, version -> false);
    }

    /**
     * @param supported the versions the MCP transport speaks
     * @param servedElsewhere the other versions that pass on, to a handler further down that decides on them (the
     *     2026 era's, which serves a request whose body names a version, and refuses the others as this does)
     */
    public ProtocolVersionHandler(List<String> supported, Predicate<String> servedElsewhere) {
        this.servedElsewhere = Objects.requireNonNull(servedElsewhere, "servedElsewhere");
        this.supported = List.copyOf(supported);
        if (this.supported.isEmpty()) {
            throw new IllegalArgumentException("At least one supported protocol version is needed");
        }
    }

    /** A request without the header passes: the specification tells servers to assume 2025-03-26 then. */
    @Override
    protected boolean admit(McpExchange exchange) {
        String version = exchange.header(HEADER);
        if (version != null && !supported.contains(version.trim()) && !servedElsewhere.test(version.trim())) {
            refuse(exchange, supported);
            return false;
        }
        return true;
    }

    /** Refuses {@code exchange} for its version: 400, listing the {@code supported} ones. */
    public static void refuse(McpExchange exchange, List<String> supported) {
        exchange.refuse(
                400,
                "unsupported_protocol_version",
                JsonRpcErrors.INVALID_REQUEST,
                "Bad request: unsupported MCP-Protocol-Version; this server supports " + String.join(", ", supported));
    }
}
