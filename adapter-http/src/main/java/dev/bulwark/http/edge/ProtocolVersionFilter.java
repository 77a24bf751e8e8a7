package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Checks the {@code MCP-Protocol-Version} header the specification requires on every request after initialization:
 * an invalid or unsupported value gets 400 with a JSON-RPC error that lists the supported versions. A request
 * without the header passes (the specification tells servers to assume 2025-03-26 then). Thread-safe.
 */
public final class ProtocolVersionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** The header, as the specification spells it. */
    public static final String HEADER = "MCP-Protocol-Version";

    private final List<String> supported;

    /** @param supported the versions the MCP transport speaks */
    public ProtocolVersionFilter(List<String> supported) {
        this.supported = List.copyOf(supported);
        if (this.supported.isEmpty()) {
            throw new IllegalArgumentException("At least one supported protocol version is needed");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String version = request.getHeader(HEADER);
        if (version != null && !supported.contains(version.trim())) {
            Exchange.of(request).refuse("unsupported_protocol_version");
            JsonRpcErrors.send(response, 400, JsonRpcErrors.INVALID_REQUEST,
                    "Bad request: unsupported MCP-Protocol-Version; this server supports "
                            + String.join(", ", supported));
            return;
        }
        chain.doFilter(request, response);
    }
}
