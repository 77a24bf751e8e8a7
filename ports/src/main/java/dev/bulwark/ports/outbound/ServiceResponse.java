package dev.bulwark.ports.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a registered service answered, never holding its own credential. Immutable.
 *
 * @param status the HTTP status
 * @param headers selected headers, lower-case names (for example {@code content-type}, {@code etag},
 *     {@code retry-after}); never cookies, credentials or where the service redirected to
 * @param body the body's bytes
 * @param attempts how many attempts the call took, retries included (1 when it was not retried)
 */
public record ServiceResponse(int status, Map<String, String> headers, byte[] body, int attempts) {

    /** What stands where a service sent back its own credential, in a body or a header. */
    public static final String REDACTED = "[REDACTED]";

    public ServiceResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599, was " + status);
        }
        TreeMap<String, String> lower = new TreeMap<>();
        Objects.requireNonNull(headers, "headers")
                .forEach((name, value) ->
                        lower.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "header value")));
        headers = Collections.unmodifiableMap(lower);
        body = Objects.requireNonNull(body, "body").clone();
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The body as UTF-8 text (malformed bytes replaced). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The media type without parameters, lower-case, when the service named one. */
    public Optional<String> mediaType() {
        return Optional.ofNullable(headers.get("content-type"))
                .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty());
    }

    /** Whether the body is JSON by its media type ({@code application/json} or {@code application/...+json}). */
    public boolean isJson() {
        return mediaType()
                .filter(type ->
                        type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json"))
                .isPresent();
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Compares the body by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceResponse that
                && status == that.status
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && attempts == that.attempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body), attempts);
    }

    /** The status and size; never the body. */
    @Override
    public String toString() {
        return "ServiceResponse[" + status + ", " + body.length + " body bytes, " + attempts + " attempt(s)]";
    }
}
