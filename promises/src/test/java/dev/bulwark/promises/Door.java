package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One way into a Bulwark server (a transport, a protocol era, an embedding, a server process), which every promise
 * must hold at.
 */
interface Door {

    /** Serves {@code stage}'s tools through this door. */
    Opened open(Stage stage) throws Exception;

    /**
     * Starts this door as {@link #open} does, but with one setting wrong in the way its user would get it wrong (a
     * value out of range given to a builder, a misspelt property), and returns what the failed start told its user.
     *
     * @throws AssertionError when the door started anyway
     */
    Refused openWithOneWrongSetting(Stage stage) throws Exception;

    /** A door that serves; closing it stops the server. */
    interface Opened extends AutoCloseable {

        /** Sends {@code call} as {@code caller} over the door's own wire and returns the answer it got. */
        Answer call(Caller caller, ToolCall call) throws Exception;

        /**
         * Sends one request as {@code caller} over the door's own wire, in its era (in the 2026-07-28 era declaring
         * the Tasks extension when {@code declaringTasks}), and returns its JSON-RPC answer.
         */
        JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks) throws Exception;

        /** How this door runs a call as a task, or {@link TaskWire#NONE}. */
        TaskWire tasks();

        /**
         * What this door does with each {@link Budget}: every one is named, kept or not here for a stated reason, so
         * a budget added to the list makes every door decide.
         */
        Map<Budget, BudgetAtDoor> budgets();

        /**
         * The kinds of tool this door does not serve, each with why (a server that runs no code of its user's has no
         * declared tools); it serves every other kind.
         */
        Map<ToolKind, String> kindsNotServed();

        /**
         * Starts reading what the server logs, at the most verbose level its user can set, as its user reads it:
         * the events of the test's own process, or a server process's output.
         */
        LogWatch watchLogs() throws Exception;

        /** The server's counters, as its user reads them: its meter registry, or its {@code /metrics} endpoint. */
        Counters counters();

        /** The server's database, which the database promise stops and starts again, or why it has none. */
        DatabaseAtDoor database();
    }

    /**
     * What a start with one wrong setting told its user.
     *
     * @param key the setting that was wrong, as its user spelt it ({@code http.port},
     *     {@code bulwark.auth.api-keys-flie})
     * @param told the whole text the user sees of the failure: an exception's message, a start-up report
     */
    record Refused(String key, String told) {}
}
