package dev.bulwark.http;

import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves each of the two ports with its own handler. Immutable.
 */
final class ByConnector extends Handler.AbstractContainer {

    private final String mcpConnector;
    private final Handler mcp;
    private final Handler management;

    ByConnector(String mcpConnector, Handler mcp, Handler management) {
        this.mcpConnector = Objects.requireNonNull(mcpConnector, "mcpConnector");
        this.mcp = Objects.requireNonNull(mcp, "mcp");
        this.management = Objects.requireNonNull(management, "management");
        addBean(mcp);
        addBean(management);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean onMcpPort = mcpConnector.equals(
                request.getConnectionMetaData().getConnector().getName());
        return (onMcpPort ? mcp : management).handle(request, response, callback);
    }

    @Override
    public List<Handler> getHandlers() {
        return List.of(mcp, management);
    }
}
