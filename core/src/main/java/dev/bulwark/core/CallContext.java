package dev.bulwark.core;

import dev.bulwark.ports.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler knows about the call it serves (caller, request id) and its channels back to the client: progress,
 * log messages, and requests for sampling, elicitation and roots. One instance per call; do not share it.
 */
public interface CallContext {

    /** The authenticated caller. */
    Principal principal();

    /** This call's id, from the client when it sent one, generated otherwise. */
    String requestId();

    /** The name of the tool being called. */
    String toolName();

    /**
     * Whether this call runs as a task (the Tasks extension): its client asked for a task, or the tool runs only as
     * one, and the answer is kept for the client to fetch. A handler may refuse work that must not run unattended.
     * False for a call answered on its own request.
     */
    default boolean runsAsTask() {
        return false;
    }

    /**
     * Whether this call was cancelled: by its client (MCP {@code notifications/cancelled}), or by its timeout. A
     * cancelled call's handler is also interrupted; code that does not block (a loop over rows, say) checks this
     * between steps and stops, by returning or by throwing {@link ToolCancelledException}. Whatever the handler
     * returns after that is not used: the call was answered, and audited as {@code cancelled} or {@code timeout}.
     * Always false where the transport cannot deliver cancellations.
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
     * Sends a log message at {@code level} (an MCP level name, {@code debug} to {@code emergency}; an unknown one as
     * {@code info}) from {@code logger} to the client, subject to the log level it asked for.
     *
     * @return false when this call has no channel for log messages (no session), so the caller can log it elsewhere
     */
    default boolean logToClient(String level, String logger, String message) {
        return false;
    }

    /**
     * Whether this call's client may be asked for {@code feature} ({@code sampling}, {@code elicitation} or
     * {@code roots}): it declared the capability, over a connection that can carry the request. False where that is
     * not known. A gateway tells its upstreams this.
     */
    default boolean canAskClient(String feature) {
        return false;
    }

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

    /**
     * The client's roots (MCP {@code roots/list}): the directories and files its user made available. They are paths
     * on the user's machine: treat them as personal data.
     *
     * @throws ClientFeatureUnavailableException if the client cannot list roots over this connection
     * @throws dev.bulwark.core.ToolException if the client failed the request
     */
    default List<Root> roots() {
        throw new ClientFeatureUnavailableException(toolName(), "roots", "this call has no client session");
    }

    /**
     * Asks the client for several things at once, each under its own key, and returns every answer. Over a session
     * the requests are sent one after the other; for a 2026-era caller they are asked in one
     * {@code input_required} round, so the user answers them together. Every request is checked against the
     * client's capabilities before anything is asked.
     *
     * @param requests what to ask; their keys must differ
     * @throws ClientFeatureUnavailableException if the client cannot answer one of them over this connection
     * @throws dev.bulwark.core.ToolException if the client failed a request
     */
    default ClientAnswers ask(ClientRequest... requests) {
        ClientRequest.requireDistinctKeys(requests);
        Map<String, Object> answers = new LinkedHashMap<>();
        for (ClientRequest request : requests) {
            Object answer;
            if (request instanceof ClientRequest.Elicitation elicitation) {
                answer = elicit(elicitation.message(), elicitation.requestedSchema());
            } else if (request instanceof ClientRequest.Sampling sampling) {
                answer = sample(sampling.prompt(), sampling.maxTokens());
            } else {
                answer = roots();
            }
            answers.put(request.key(), answer);
        }
        return new ClientAnswers(answers);
    }
}
