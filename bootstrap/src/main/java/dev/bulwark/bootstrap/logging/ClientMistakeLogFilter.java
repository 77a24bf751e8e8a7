package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;

/**
 * Drops the MCP SDK's lines that any client can cause at will, which would otherwise flood the diagnostic log or page
 * whoever alerts on it. Every other line passes. Attach it to the appender the SDK's loggers reach.
 *
 * <p>One WARN: the keep-alive pinger's "Keep-alive ping to session … failed", which the SDK writes every keep-alive
 * interval (half the idle timeout) for each session whose client has gone without ending it, or holds its stream open
 * without answering pings: one line per session every 15 s until the session is evicted. The session's idleness is
 * what ends it ({@code http.session-idle-timeout}), not the failed pings.
 *
 * <p>And one INFO: the servers' "Client initialize request - Protocol: …, Capabilities: …, Info: …", one line per
 * {@code initialize}, holding the name, version and capabilities the client chose to send. A process sending
 * {@code initialize} in a loop would turn it into a flood of lines of its own text; the sessions it makes are
 * counted in {@code mcp_sessions_active}, and those over a cap in {@code mcp_errors_total}.
 *
 * <p>Thread-safe.
 */
public final class ClientMistakeLogFilter extends Filter<ILoggingEvent> {

    /** The SDK's keep-alive pinger, which warns of every ping a session's client did not answer. */
    static final String KEEP_ALIVE = "io.modelcontextprotocol.util.KeepAliveScheduler";
    private static final String PING_FAILED = "Keep-alive ping to session {} failed: {}";
    /** The loggers of the SDK's servers, stateful and stateless, which log every {@code initialize} at INFO. */
    static final Set<String> SERVERS = Set.of("io.modelcontextprotocol.server.McpAsyncServer",
            "io.modelcontextprotocol.server.McpStatelessAsyncServer");
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
        if (KEEP_ALIVE.equals(logger) && PING_FAILED.equals(event.getMessage())) {
            return FilterReply.DENY;
        }
        if (SERVERS.contains(logger) && INITIALIZE.equals(event.getMessage())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
