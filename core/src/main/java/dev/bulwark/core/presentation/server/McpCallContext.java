package dev.bulwark.core.presentation.server;

import dev.bulwark.core.presentation.tool.CallContext;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CallContext} of one call over an SDK session. Progress is sent only when the client sent a progress
 * token; in stateless mode (no exchange) progress and client logs are dropped. A failure to notify the client never
 * fails the call. Not shared between calls.
 */
final class McpCallContext implements CallContext {

    private static final Logger LOG = LoggerFactory.getLogger(McpCallContext.class);

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    private final McpSyncServerExchange exchange;
    private final Object progressToken;

    McpCallContext(
            Principal principal, String requestId, String toolName, McpSyncServerExchange exchange,
            Object progressToken) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.exchange = exchange;
        this.progressToken = progressToken;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String toolName() {
        return toolName;
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {
        if (exchange == null || progressToken == null) {
            return;
        }
        try {
            exchange.progressNotification(
                    ProgressNotification.builder(progressToken, progress).total(total).message(message).build());
        } catch (RuntimeException e) {
            LOG.debug("Progress notification not delivered: {}", e.toString());
        }
    }

    @Override
    public void logToClient(String message) {
        if (exchange == null) {
            return;
        }
        try {
            exchange.loggingNotification(LoggingMessageNotification.builder(LoggingLevel.INFO, message)
                    .logger(toolName)
                    .build());
        } catch (RuntimeException e) {
            LOG.debug("Log notification not delivered: {}", e.toString());
        }
    }
}
