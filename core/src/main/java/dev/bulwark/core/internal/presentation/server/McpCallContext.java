package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.core.internal.presentation.pipeline.ClientInputTracking;
import dev.bulwark.core.internal.presentation.pipeline.McpContents;
import dev.bulwark.ports.calls.CurrentCall;
import dev.bulwark.ports.origin.ClientWaits;
import dev.bulwark.ports.origin.RequestNotifications;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CallContext} of one call over an SDK session, or of one 2026-era request, whose client requests are
 * then answered from its input round. Not shared between calls.
 */
final class McpCallContext implements ExtensionContext, ClientInputTracking {

    private static final Logger LOG = LoggerFactory.getLogger(McpCallContext.class);

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    private final McpSyncServerExchange exchange;
    private final Object progressToken;
    private final CallCancellation cancellation;
    private final ClientInputRound round;
    /** Set once the handler asks the client anything. */
    private volatile boolean asked;

    private final RequestNotifications notifications;
    /** The call's JSON-RPC id, which its requests to the client are sent for; {@code null} when unknown. */
    private final Object callId;
    /** Whether the call is the run of a task: its answer is kept for the client, not sent on a request. */
    private final boolean runsAsTask;
    /** Told while the handler waits for the client's answer over the session; null when nobody listens. */
    private final ClientWaits clientWaits;
    /** Where the request comes from. */
    private final RequestOrigin origin;

    /**
     * @param round the input round of a 2026-era request, or {@code null} for a request of the 2025 era
     * @param notifications where a 2026-era request's notifications go (on its answer), or {@code null}
     * @param callId the call's JSON-RPC id, or {@code null} when unknown (its requests to the client then belong to
     *     no call the transport can tell)
     */
    McpCallContext(
            Principal principal,
            String requestId,
            String toolName,
            McpSyncServerExchange exchange,
            Object progressToken,
            CallCancellation cancellation,
            ClientInputRound round,
            RequestNotifications notifications,
            Object callId,
            boolean runsAsTask,
            ClientWaits clientWaits,
            RequestOrigin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.callId = callId;
        this.runsAsTask = runsAsTask;
        this.clientWaits = clientWaits;
        this.principal = Objects.requireNonNull(principal, "principal");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.exchange = exchange;
        this.progressToken = progressToken;
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.round = round;
        this.notifications = notifications;
    }

    @Override
    public boolean isCancelled() {
        return cancellation.isOver(); // cancelled by the client, or timed out
    }

    @Override
    public boolean runsAsTask() {
        return runsAsTask;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public RequestOrigin origin() {
        return origin;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String toolName() {
        return toolName;
    }

    /**
     * Sent only when the client sent a progress token and a session or a 2026-era request carries it; never once the
     * call is cancelled. A failure to notify never fails the call.
     */
    @Override
    public void reportProgress(double progress, Double total, String message) {
        if (progressToken == null || (exchange == null && notifications == null)) {
            return;
        }
        if (isCancelled()) {
            return; // nothing more goes out for a cancelled request, from a handler that did not stop at once
        }
        ProgressNotification notification = ProgressNotification.builder(progressToken, progress)
                .total(total)
                .message(message)
                .build();
        try {
            if (exchange != null) {
                exchange.progressNotification(notification);
            } else {
                // A 2026-era request has no session: its progress goes out on its own answer, before the result.
                notifications.send(McpSchema.METHOD_NOTIFICATION_PROGRESS, notification);
            }
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

    /** Over a session only; the client's {@code logging/setLevel} decides whether the SDK sends it. */
    @Override
    public boolean logToClient(String level, String logger, String message) {
        if (exchange == null) {
            return false;
        }
        LoggingLevel wire;
        try {
            wire = LoggingLevel.valueOf(String.valueOf(level).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            wire = LoggingLevel.INFO;
        }
        try {
            exchange.loggingNotification(LoggingMessageNotification.builder(wire, message)
                    .logger(logger == null ? toolName : logger)
                    .build());
        } catch (RuntimeException e) {
            LOG.debug("Log notification not delivered: {}", e.toString());
        }
        return true;
    }

    @Override
    public SamplingResult sample(String prompt, int maxTokens) {
        Objects.requireNonNull(prompt, "prompt");
        asked = true;
        if (round != null) {
            return round.askOne(
                    this, "sampling", key -> ClientRequest.sampling(key, prompt, maxTokens), ClientAnswers::sampling);
        }
        requireClientFeature("sampling", capabilities -> capabilities.sampling() != null);
        McpSchema.CreateMessageRequest request = McpSchema.CreateMessageRequest.builder(
                        List.of(new McpSchema.SamplingMessage(
                                McpSchema.Role.USER,
                                McpSchema.TextContent.builder(prompt).build())),
                        maxTokens)
                .build();
        McpSchema.CreateMessageResult result =
                overSession("sampling", "a sampling result", () -> exchange.createMessage(request));
        return new SamplingResult(
                McpContents.fromMcp(result.content()),
                result.model() == null ? "unknown" : result.model(),
                result.stopReason() == null ? null : wireName(result.stopReason()));
    }

    @Override
    public ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(requestedSchema, "requestedSchema");
        asked = true;
        if (round != null) {
            return round.askOne(
                    this,
                    "elicitation",
                    key -> ClientRequest.elicitation(key, message, requestedSchema),
                    ClientAnswers::elicitation);
        }
        requireClientFeature("elicitation", capabilities -> capabilities.elicitation() != null);
        McpSchema.ElicitResult result = overSession(
                "elicitation",
                "an elicitation result",
                () -> exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, requestedSchema)
                        .build()));
        return new ElicitationResult(
                ElicitationResult.Action.valueOf(result.action().name()), result.content());
    }

    @Override
    public List<Root> roots() {
        asked = true;
        if (round != null) {
            return round.askOne(this, "roots", ClientRequest::roots, ClientAnswers::roots);
        }
        requireClientFeature("roots", capabilities -> capabilities.roots() != null);
        McpSchema.ListRootsResult result = overSession("roots", "a list of roots", exchange::listRoots);
        if (result == null || result.roots() == null) {
            return List.of();
        }
        return result.roots().stream()
                .filter(root -> root != null && root.uri() != null)
                .map(root -> new Root(root.uri(), root.name()))
                .toList();
    }

    @Override
    public boolean canAskClient(String feature) {
        if (round != null) {
            return round.canAsk(feature);
        }
        if (exchange == null || exchange.getClientCapabilities() == null) {
            return false;
        }
        ClientCapabilities capabilities = exchange.getClientCapabilities();
        return switch (feature) {
            case "sampling" -> capabilities.sampling() != null;
            case "elicitation" -> capabilities.elicitation() != null;
            case "roots" -> capabilities.roots() != null;
            default -> false;
        };
    }

    @Override
    public boolean carriesClientAnswers() {
        return round != null && round.carriesAnswers();
    }

    @Override
    public boolean askedClient() {
        return asked;
    }

    /**
     * For a 2026-era request, all of {@code requests} in one input round; over a session, one after the other.
     */
    @Override
    public ClientAnswers ask(ClientRequest... requests) {
        asked = true;
        if (round == null) {
            return ExtensionContext.super.ask(requests);
        }
        requireNotCancelled();
        return round.ask(this, requests);
    }

    /**
     * The client's answer to a request sent over the session while the call runs; its failure as {@link #unanswered}.
     * It is sent {@linkplain CurrentCall#during during} the call's JSON-RPC id, so that the transport can cancel it
     * when the call is cancelled or ends.
     */
    private <T> T overSession(String request, String result, Supplier<T> send) {
        requireNotCancelled();
        if (clientWaits != null) {
            clientWaits.began();
        }
        try {
            return CurrentCall.during(callId, send);
        } catch (RuntimeException failure) {
            throw unanswered(request, result, failure);
        } finally {
            if (clientWaits != null) {
                clientWaits.ended();
            }
        }
    }

    /**
     * A client's refusal of a request ({@link McpError}), an answer that does not read as the result asked for (the
     * SDK's conversion fails with an {@link IllegalArgumentException}: a content type or an action the protocol does
     * not have; missing fields the SDK fills with defaults), or its silence until the server's client request timeout (a
     * {@link TimeoutException} under Reactor's wrapping), or its session or stream closing first, as a tool error
     * the model can act on; anything else passes on as it is.
     */
    private RuntimeException unanswered(String request, String result, RuntimeException failure) {
        if (cancellation.isOver()) {
            // The handler's thread was interrupted, which ended the wait (Reactor disposes the request's
            // subscription): the call is over, whatever the client answers later.
            return new ToolCancelledException(toolName);
        }
        if (failure instanceof McpError refused) {
            return new ToolException("The client did not answer the " + request + " request: " + refused.getMessage());
        }
        if (failure instanceof IllegalArgumentException) {
            return new ToolException("The client's answer to the " + request + " request is not " + result);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return new ToolException("The client did not answer the " + request + " request in time");
            }
        }
        if (String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
            // The SDK fails a request still waiting with "Stream closed" when the session or its stream ends (the
            // client deleted the session, or went away): the client's doing, not the server's.
            LOG.debug("The {} request to the client did not complete: {}", request, failure.toString());
            return new ToolException("The " + request + " request to the client did not complete: its session or"
                    + " stream ended first");
        }
        return failure;
    }

    /** Once the client cancelled the call, or it timed out, nothing more is asked of the client. */
    private void requireNotCancelled() {
        if (cancellation.isOver()) {
            throw new ToolCancelledException(toolName);
        }
    }

    /** Without a session (stateless HTTP) or the client's declared capability, the feature is unavailable. */
    private void requireClientFeature(String feature, java.util.function.Predicate<ClientCapabilities> declared) {
        if (exchange == null) {
            throw new ClientFeatureUnavailableException(
                    toolName, feature, "this connection has no session (stateless HTTP); use stdio or stateful HTTP");
        }
        ClientCapabilities capabilities = exchange.getClientCapabilities();
        if (capabilities == null || !declared.test(capabilities)) {
            throw new ClientFeatureUnavailableException(
                    toolName, feature, "the client did not declare the " + feature + " capability");
        }
    }

    /** {@code END_TURN} to {@code endTurn}, as the MCP specification spells stop reasons. */
    private static String wireName(Enum<?> value) {
        String[] words = value.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
