package dev.bulwark.http.exchange;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One check of the MCP edge: hands the exchange on, or answers it itself.
 */
public abstract class EdgeHandler extends Handler.Wrapper {

    @Override
    public final boolean handle(Request request, Response response, Callback callback) throws Exception {
        McpExchange exchange = McpExchange.of(callback);
        if (admit(exchange)) {
            return super.handle(request, response, callback);
        }
        return true;
    }

    /**
     * Whether the exchange goes on to the next handler; when not, this handler has answered it (or will: it then
     * completes the exchange itself).
     */
    protected abstract boolean admit(McpExchange exchange) throws Exception;
}
