package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;

/**
 * Drops the MCP SDK's log lines that any client can cause at will; every other line passes. Thread-safe.
 */
public final class ClientMistakeLogFilter extends Filter<ILoggingEvent> {

    /**
     * The loggers of the SDK's servers, stateful and stateless, which log every {@code initialize} at INFO with the
     * client's own text: a client looping on it would flood the log. Sessions are counted in the metrics instead.
     */
    static final Set<String> SERVERS = Set.of(
            "io.modelcontextprotocol.server.McpAsyncServer", "io.modelcontextprotocol.server.McpStatelessAsyncServer");

    private static final String INITIALIZE = "Client initialize request - Protocol: {}, Capabilities: {}, Info: {}";

    /** A started filter in {@code context}, for the writers the server configures in code. */
    static ClientMistakeLogFilter started(Context context) {
        ClientMistakeLogFilter filter = new ClientMistakeLogFilter();
        filter.setContext(context);
        filter.start();
        return filter;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (SERVERS.contains(logger) && INITIALIZE.equals(event.getMessage())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
