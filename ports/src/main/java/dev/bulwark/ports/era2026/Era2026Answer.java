package dev.bulwark.ports.era2026;

import java.util.Objects;
import java.util.Optional;

/**
 * What a transport sends back for a 2026-era request: one JSON-RPC message, and for {@code subscriptions/listen}
 * the stream of notifications that follows it.
 *
 * @param httpStatus the HTTP status to answer with (over HTTP; stdio ignores it)
 * @param json the JSON-RPC message to send first, on one line; empty when there is none to send
 * @param stream the notifications that follow {@code json} on the same response (an SSE stream over HTTP, further
 *     lines over stdio); empty for every request but {@code subscriptions/listen}
 * @param errorCode the JSON-RPC error code of {@code json} when it is an error, for whoever counts or traces the
 *     answer without reading it again; empty for a result
 */
public record Era2026Answer(
        int httpStatus, String json, Optional<NotificationStream> stream, Optional<Integer> errorCode) {

    public Era2026Answer {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(errorCode, "errorCode");
    }

    /** A result followed by {@code stream}. */
    public Era2026Answer(int httpStatus, String json, Optional<NotificationStream> stream) {
        this(httpStatus, json, stream, Optional.empty());
    }

    /** An answer that is one message, a result (or none, when {@code json} is empty). */
    public static Era2026Answer of(int httpStatus, String json) {
        return new Era2026Answer(httpStatus, json, Optional.empty(), Optional.empty());
    }

    /** An answer that is one JSON-RPC error message, whose code is {@code errorCode}. */
    public static Era2026Answer error(int httpStatus, int errorCode, String json) {
        return new Era2026Answer(httpStatus, json, Optional.empty(), Optional.of(errorCode));
    }
}
