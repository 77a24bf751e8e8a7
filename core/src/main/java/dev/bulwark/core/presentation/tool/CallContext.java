package dev.bulwark.core.presentation.tool;

import dev.bulwark.ports.security.Principal;

/**
 * What a handler knows about the call it serves: who called, the request id (also in every log line of the call),
 * and channels back to the client for progress and log messages. Progress and log messages are sent only when the
 * transport and client support them, and silently dropped otherwise. One instance per call; do not share it with
 * other calls.
 */
public interface CallContext {

    /** The authenticated caller. */
    Principal principal();

    /** This call's id, from the client when it sent one, generated otherwise. */
    String requestId();

    /** The name of the tool being called. */
    String toolName();

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
}
