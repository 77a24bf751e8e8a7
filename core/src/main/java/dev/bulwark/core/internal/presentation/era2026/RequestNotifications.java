package dev.bulwark.core.internal.presentation.era2026;

/**
 * Where a handler sends the notifications of the 2026-07-28 request it serves (progress), which go out on that
 * request's own answer: there is no session to send them on. The dispatcher puts it in the request's MCP transport
 * context under {@link #TRANSPORT_CONTEXT_KEY}. Thread-safe.
 */
@FunctionalInterface
public interface RequestNotifications {

    /** The MCP transport context key it is stored under. */
    String TRANSPORT_CONTEXT_KEY = "bulwark.era2026.notifications";

    /**
     * Sends one notification now, before the request's answer.
     *
     * @param method the notification's method, for example {@code notifications/progress}
     * @param params its params, an SDK type (such as {@code McpSchema.ProgressNotification}) or a map
     */
    void send(String method, Object params);
}
