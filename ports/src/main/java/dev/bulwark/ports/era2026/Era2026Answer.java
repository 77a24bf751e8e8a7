package dev.bulwark.ports.era2026;

import java.util.Objects;
import java.util.Optional;

/**
 * What a transport sends back for a 2026-era request: one JSON-RPC message, and for {@code subscriptions/listen}
 * the stream of notifications that follows it.
 *
 * @param httpStatus the HTTP status to answer with (over HTTP; stdio ignores it)
 * @param json the JSON-RPC message to send first, on one line
 * @param stream the notifications that follow {@code json} on the same response (an SSE stream over HTTP, further
 *     lines over stdio); empty for every request but {@code subscriptions/listen}
 */
public record Era2026Answer(int httpStatus, String json, Optional<NotificationStream> stream) {

    public Era2026Answer {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(stream, "stream");
    }

    /** An answer that is one message. */
    public static Era2026Answer of(int httpStatus, String json) {
        return new Era2026Answer(httpStatus, json, Optional.empty());
    }
}
