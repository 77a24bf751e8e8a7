package dev.bulwark.ports.stateless;

import java.util.Objects;
import java.util.Optional;

/**
 * What a transport sends back for a stateless request: one JSON-RPC message, and for {@code subscriptions/listen}
 * the stream of notifications that follows it.
 *
 * @param httpStatus the HTTP status to answer with (over HTTP; stdio ignores it)
 * @param json the JSON-RPC message to send first, on one line
 * @param stream the notifications that follow {@code json} on the same response (an SSE stream over HTTP, further
 *     lines over stdio); empty for every request but {@code subscriptions/listen}
 */
public record StatelessAnswer(int httpStatus, String json, Optional<NotificationStream> stream) {

    public StatelessAnswer {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(stream, "stream");
    }

    /** An answer that is one message. */
    public static StatelessAnswer of(int httpStatus, String json) {
        return new StatelessAnswer(httpStatus, json, Optional.empty());
    }
}
