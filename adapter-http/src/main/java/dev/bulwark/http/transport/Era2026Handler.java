package dev.bulwark.http.transport;

import dev.bulwark.http.edge.ProtocolVersionHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.era2026.Era2026Requests;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Routes the requests of the 2026 protocol era on {@code /mcp} to {@link Era2026Endpoint}, in both HTTP modes, and
 * everything else on to the session-era transport. Thread-safe.
 */
public final class Era2026Handler extends EdgeHandler {

    private final Era2026Entry era;
    private final List<String> sessionVersions;
    private final Handler served;

    /**
     * @param era where the core's entry point is, once given
     * @param sessionVersions the versions of the session era: another version in the header of a request not claimed
     *     is refused here, as {@link ProtocolVersionHandler} does
     * @param served what serves a claimed request: an {@link Era2026Endpoint}, behind edge checks that apply to
     *     the 2026 era only from here (the scope challenge); it is started and stopped with this handler
     */
    public Era2026Handler(Era2026Entry era, List<String> sessionVersions, Handler served) {
        this.era = Objects.requireNonNull(era, "era");
        this.sessionVersions = List.copyOf(sessionVersions);
        this.served = Objects.requireNonNull(served, "served");
        addBean(served);
    }

    /** Gives {@code served} the server too: as a bean, not the wrapped handler, it would start without one. */
    @Override
    public void setServer(Server server) {
        super.setServer(server);
        served.setServer(server);
    }

    @Override
    protected boolean admit(McpExchange exchange) throws Exception {
        Era2026Requests current = era.requests();
        if (current == null) {
            return true;
        }
        String version = exchange.header(ProtocolVersionHandler.HEADER);
        if (!"POST".equals(exchange.method())) {
            // Only a POST can be of the 2026 era: any other (a GET stream, a DELETE) is the session era's, and
            // the version it names must be one of that era's.
            if (version != null && !sessionVersions.contains(version.trim())) {
                ProtocolVersionHandler.refuse(exchange, sessionVersions);
                return false;
            }
            return true;
        }
        boolean claimed;
        try {
            exchange.body();
            claimed = version != null && current.claims(null, null, version)
                    || claimedByBody(current, exchange.json(), version);
        } catch (IOException e) {
            exchange.answerUnreadableBody(e);
            return false;
        }
        if (!claimed) {
            if (version != null && !sessionVersions.contains(version.trim())) {
                ProtocolVersionHandler.refuse(exchange, sessionVersions);
                return false;
            }
            return true;
        }
        served.handle(exchange.request(), exchange.response(), exchange);
        return false;
    }

    private static boolean claimedByBody(Era2026Requests current, JsonBody body, String version) {
        return body.value() instanceof Map<?, ?> message
                && message.get("method") instanceof String method
                && current.claims(method, message.get("params"), version);
    }
}
