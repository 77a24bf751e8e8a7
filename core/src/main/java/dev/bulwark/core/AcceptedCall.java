package dev.bulwark.core;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A {@code tools/call} an extension accepted to run later ({@link ToolCallAugmentation#startsTheRunLater}): it starts
 * the call's one run. Thread-safe.
 */
public interface AcceptedCall {

    /** The name of the tool called. */
    String toolName();

    /**
     * Starts the call's run: the tool's handler through the pipeline, with its scopes, timeout and concurrency limit,
     * audited and counted once as the call when it ends. Its rate limit was charged when the call was accepted.
     *
     * @param runId the run's request id in its audit line, such as {@code job:42}: letters, digits, {@code . _ : -}, at
     *     most 128 characters
     * @param cancellation completing it cancels the run
     * @return the call's result object, or {@code {resultType: "input_required", inputRequests}} when the tool asked
     *     its client for input; failed with {@link RunRefusedException} for a protocol error
     * @throws IllegalArgumentException if {@code runId} is not such a name
     * @throws IllegalStateException if the run was started already
     */
    CompletionStage<Map<String, Object>> start(String runId, CompletionStage<?> cancellation);

    /** Ends a run the protocol refused: its JSON-RPC error code and a message written for the client. */
    final class RunRefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int code;

        public RunRefusedException(int code, String clientMessage) {
            super(clientMessage);
            this.code = code;
        }

        /** The JSON-RPC error code, such as {@code -32602} for invalid params. */
        public int code() {
            return code;
        }
    }
}
