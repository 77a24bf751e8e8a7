package dev.bulwark.ports.origin;

/** Where a handler sends the notifications of the 2026-era request it serves, out on that request's own answer. */
@FunctionalInterface
public interface RequestNotifications {

    /**
     * Sends one notification now, before the request's answer.
     *
     * @param method the notification's method, for example {@code notifications/progress}
     * @param params its params, an SDK type (such as {@code McpSchema.ProgressNotification}) or a map
     */
    void send(String method, Object params);
}
