package dev.bulwark.ports.calls;

import java.util.function.UnaryOperator;

/**
 * A session transport that shows its sessions' {@code initialize} answers as the core says: capabilities the SDK's
 * types cannot hold (the session era's {@code tasks}). The core, handed such a transport, gives it how those answers
 * show on the wire before it starts serving. Thread-safe.
 */
public interface WritesInitializeAnswers {

    /**
     * From now on, writes every {@code initialize} answer as {@code wire} shows it: given the SDK's JSON-RPC answer
     * ({@code McpSchema.JSONRPCResponse}), it returns the JSON-RPC message to write in its place.
     */
    void showInitializeAnswersWith(UnaryOperator<Object> wire);
}
