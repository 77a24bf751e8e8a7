package dev.bulwark.ports.era2026;

import dev.bulwark.ports.json.JsonBytes;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transport sends back for a 2026-era request: one JSON-RPC message, and for {@code subscriptions/listen}
 * the stream of notifications that follows it.
 *
 * @param httpStatus the HTTP status to answer with (over HTTP; stdio ignores it)
 * @param body the JSON-RPC message to send first, on one line, in UTF-8; empty when there is none to send. A
 *     transport that can write it as it is does so ({@link JsonBytes#buffers()}): a large answer is never copied.
 * @param stream the notifications that follow {@code body} on the same response (an SSE stream over HTTP, further
 *     lines over stdio); empty for every request but {@code subscriptions/listen}
 * @param errorCode the JSON-RPC error code of {@code body} when it is an error, for whoever counts or traces the
 *     answer without reading it again; empty for a result
 */
public record Era2026Answer(
        int httpStatus, JsonBytes body, Optional<NotificationStream> stream, Optional<Integer> errorCode) {

    public Era2026Answer {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(errorCode, "errorCode");
    }

    /** An answer whose message is the text {@code json}. */
    public Era2026Answer(
            int httpStatus, String json, Optional<NotificationStream> stream, Optional<Integer> errorCode) {
        this(httpStatus, JsonBytes.of(json), stream, errorCode);
    }

    /** A result followed by {@code stream}. */
    public Era2026Answer(int httpStatus, String json, Optional<NotificationStream> stream) {
        this(httpStatus, json, stream, Optional.empty());
    }

    /** An answer that is one message, a result (or none, when {@code json} is empty). */
    public static Era2026Answer of(int httpStatus, String json) {
        return new Era2026Answer(httpStatus, json, Optional.empty(), Optional.empty());
    }

    /** An answer that is one message in UTF-8, a result (or none, when {@code body} is empty). */
    public static Era2026Answer of(int httpStatus, JsonBytes body) {
        return new Era2026Answer(httpStatus, body, Optional.empty(), Optional.empty());
    }

    /** An answer that is one JSON-RPC error message, whose code is {@code errorCode}. */
    public static Era2026Answer error(int httpStatus, int errorCode, String json) {
        return new Era2026Answer(httpStatus, json, Optional.empty(), Optional.of(errorCode));
    }

    /** The message as text, decoded from {@link #body}: a copy, for a reader that needs a {@code String}. */
    public String json() {
        return body.toString();
    }
}
