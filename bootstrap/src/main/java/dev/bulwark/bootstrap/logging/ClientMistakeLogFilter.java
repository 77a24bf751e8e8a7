package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;

/**
 * Drops the ERROR lines the MCP SDK's HTTP transports write for a client's mistake, which any client can cause at
 * will and which would page whoever alerts on errors: a body that is not a JSON-RPC message ("Failed to deserialize
 * message"), a response to a request no longer waiting ("Unexpected response for unknown id"), and a message that
 * could not be sent because the client closed its stream ("Client disconnected"). Bulwark answers the first two with
 * what was wrong (or 202), and counts them in {@code mcp_errors_total} (the {@code http_*} error types);
 * the line adds nothing but noise. Every other line passes. Attach it to the appender the SDK's loggers reach.
 *
 * <p>The lines come from the transports' own loggers, but for one: the stateful transport's session writes
 * "Failed to send message" through the logger of the {@code McpTransport} interface it implements
 * ({@value #SESSION_TRANSPORT}), and a client that closes its event stream causes it whenever a keep-alive ping or a
 * notification finds the stream gone.
 *
 * <p>One WARN is dropped too: the keep-alive pinger's "Keep-alive ping to session … failed", which the SDK writes
 * every keep-alive interval (half the idle timeout) for each session whose client has gone without ending it, or
 * holds its stream open without answering pings: one line per session every 15 s until the session is evicted. The
 * session's idleness is what ends it ({@code http.session-idle-timeout}), not the failed pings.
 *
 * <p>And one INFO: the servers' "Client initialize request - Protocol: …, Capabilities: …, Info: …", one line per
 * {@code initialize}, holding the name, version and capabilities the client chose to send. A process sending
 * {@code initialize} in a loop would turn it into a flood of lines of its own text; the sessions it makes are
 * counted in {@code mcp_sessions_active}, and those over a cap in {@code mcp_errors_total}.
 */
public final class ClientMistakeLogFilter extends Filter<ILoggingEvent> {

    private static final String TRANSPORTS = "io.modelcontextprotocol.server.transport.";
    /** The logger of the SDK's {@code McpTransport} interface, which its session transports log through. */
    static final String SESSION_TRANSPORT = "io.modelcontextprotocol.spec.McpTransport";
    private static final Set<String> CLIENT_MISTAKES = Set.of(
            "Failed to deserialize message: {}");
    private static final String HANDLING = "Error handling message: {}";
    private static final String LATE_RESPONSE = "Unexpected response for unknown id";
    private static final String SENDING = "Failed to send message to session {}: {}";
    private static final String DISCONNECTED = "Client disconnected";
    /** The SDK's keep-alive pinger, which warns of every ping a session's client did not answer. */
    static final String KEEP_ALIVE = "io.modelcontextprotocol.util.KeepAliveScheduler";
    private static final String PING_FAILED = "Keep-alive ping to session {} failed: {}";
    /** The loggers of the SDK's servers, stateful and stateless, which log every {@code initialize} at INFO. */
    static final Set<String> SERVERS = Set.of("io.modelcontextprotocol.server.McpAsyncServer",
            "io.modelcontextprotocol.server.McpStatelessAsyncServer");
    private static final String INITIALIZE = "Client initialize request - Protocol: {}, Capabilities: {}, Info: {}";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (KEEP_ALIVE.equals(logger) && PING_FAILED.equals(event.getMessage())) {
            return FilterReply.DENY;
        }
        if (SERVERS.contains(logger) && INITIALIZE.equals(event.getMessage())) {
            return FilterReply.DENY;
        }
        if (event.getLevel() != Level.ERROR
                || !(logger.startsWith(TRANSPORTS) || SESSION_TRANSPORT.equals(logger))) {
            return FilterReply.NEUTRAL;
        }
        String template = event.getMessage();
        if (CLIENT_MISTAKES.contains(template)) {
            return FilterReply.DENY;
        }
        Object[] arguments = event.getArgumentArray();
        if (HANDLING.equals(template) && arguments != null && arguments.length == 1
                && String.valueOf(arguments[0]).startsWith(LATE_RESPONSE)) {
            return FilterReply.DENY;
        }
        if (SENDING.equals(template) && arguments != null && arguments.length == 2
                && String.valueOf(arguments[1]).startsWith(DISCONNECTED)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
