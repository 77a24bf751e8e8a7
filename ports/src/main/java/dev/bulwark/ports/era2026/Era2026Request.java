package dev.bulwark.ports.era2026;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.Map;
import java.util.Objects;

/**
 * One request of the 2026 era as a transport read it, its body already parsed: the core does not read it again.
 *
 * @param message the JSON-RPC message, as the transport's JSON reader gave it (a JSON object as a {@code Map} with
 *     string keys, an array as a {@code List}, a number as an {@code Integer}, {@code Long}, {@code BigInteger} or
 *     {@code Double}); {@code null} when the body is not a JSON object. Held as given, not copied: the transport
 *     hands it over and changes it no more
 * @param json whether the body is JSON at all; a body that is not is answered with a parse error
 * @param overHttp whether it came over HTTP, where the protocol version header is required and checked
 * @param headers the HTTP headers by lower-case name (the first value of each); empty over stdio
 * @param origin what the transport knows of the request: its caller, request id and trace context, and whether the
 *     thread that hands it over may serve it ({@link RequestOrigin#servedOnCallingThread}, so that
 *     {@link Era2026Requests#serve} runs it before it returns: an HTTP request thread may, a stdio reader may not)
 */
public record Era2026Request(
        Map<String, Object> message,
        boolean json,
        boolean overHttp,
        Map<String, String> headers,
        RequestOrigin origin) {

    public Era2026Request {
        if (message != null && !json) {
            throw new IllegalArgumentException("A message read from a body that is not JSON");
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * A request read over stdio, served on the calling thread when its origin says so: a transport that hands it over
     * on a request thread of its own, not on its reader.
     */
    public static Era2026Request overStdio(Map<String, Object> message, RequestOrigin origin) {
        return new Era2026Request(message, true, false, Map.of(), origin);
    }

    /**
     * A request read over HTTP, with its headers by lower-case name, served on the request thread.
     *
     * @param message the body's JSON object, or {@code null} when the body is JSON but not an object
     */
    public static Era2026Request overHttp(
            Map<String, Object> message, Map<String, String> headers, RequestOrigin origin) {
        return new Era2026Request(message, true, true, headers, onCallingThread(origin));
    }

    /** A request read over HTTP whose body is not JSON, served on the request thread (answered as a parse error). */
    public static Era2026Request notJsonOverHttp(Map<String, String> headers, RequestOrigin origin) {
        return new Era2026Request(null, false, true, headers, onCallingThread(origin));
    }

    private static RequestOrigin onCallingThread(RequestOrigin origin) {
        return origin.toBuilder().servedOnCallingThread(true).build();
    }

    /** Names the request's method, never its content. */
    @Override
    public String toString() {
        Object method = message == null ? null : message.get("method");
        return "Era2026Request[method=" + (method instanceof String ? method : "?") + ", json=" + json + ", overHttp="
                + overHttp + ", servedOnCallingThread=" + origin.servedOnCallingThread() + "]";
    }
}
