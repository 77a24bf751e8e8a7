package dev.bulwark.core;

import dev.bulwark.ports.security.Principal;
import java.util.Map;

/**
 * What a handler knows about the call it serves: who called, the request id (also in every log line of the call),
 * and channels back to the client: progress and log messages, and requests for sampling and elicitation. Progress
 * and log messages are sent only when the transport and client support them, and silently dropped otherwise;
 * sampling and elicitation need a session (stdio, stateful HTTP) and a client that declared the capability, and
 * fail with {@link ClientFeatureUnavailableException} otherwise. One instance per call; do not share it with other
 * calls.
 */
public interface CallContext {

    /** The authenticated caller. */
    Principal principal();

    /** This call's id, from the client when it sent one, generated otherwise. */
    String requestId();

    /** The name of the tool being called. */
    String toolName();

    /**
     * Whether the client cancelled this call (MCP {@code notifications/cancelled}). A cancelled call's handler is
     * also interrupted; code that does not block (a loop over rows, say) checks this between steps and stops, by
     * returning or by throwing {@link ToolCancelledException}. Whatever the handler returns after the cancellation
     * is not used: the call is answered and audited as {@code cancelled}. Always false where the transport cannot
     * deliver cancellations.
     */
    default boolean isCancelled() {
        return false;
    }

    /**
     * Reports progress to the client, if it asked for progress with a progress token.
     *
     * @param progress work done so far, increasing with each call
     * @param total the total work, or {@code null} when unknown
     * @param message a short human-readable note, or {@code null}
     */
    void reportProgress(double progress, Double total, String message);

    /** Sends an informational log message to the client (MCP logging), subject to its log level. */
    void logToClient(String message);

    /**
     * Asks the client's language model to answer a prompt (MCP sampling) and waits for the answer, within the
     * tool's timeout. The client may show the request to its user first.
     *
     * @param prompt the user message to send to the model
     * @param maxTokens the most tokens the answer may have
     * @throws ClientFeatureUnavailableException if the client cannot sample over this connection
     * @throws dev.bulwark.core.ToolException if the client refused or failed the request
     */
    default SamplingResult sample(String prompt, int maxTokens) {
        throw new ClientFeatureUnavailableException(toolName(), "sampling", "this call has no client session");
    }

    /**
     * Asks the user for input through the client (MCP form elicitation) and waits for the answer, within the tool's
     * timeout.
     *
     * @param message what to ask, shown to the user
     * @param requestedSchema a flat JSON Schema object of primitive properties describing the form
     * @throws ClientFeatureUnavailableException if the client cannot elicit over this connection
     * @throws dev.bulwark.core.ToolException if the client failed the request
     */
    default ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
        throw new ClientFeatureUnavailableException(toolName(), "elicitation", "this call has no client session");
    }
}
