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
 * @param origin what the transport knows of the request: its caller, request id and trace context
 * @param servedOnCallingThread whether the thread that hands the request over may serve it, however long that takes
 *     (an HTTP request thread may), so that {@link Era2026Requests#serve} runs it before it returns; otherwise it
 *     is handed on to the core's own threads (a stdio reader must go on reading)
 */
public record Era2026Request(
        Map<String, Object> message,
        boolean json,
        boolean overHttp,
        Map<String, String> headers,
        RequestOrigin origin,
        boolean servedOnCallingThread) {

    public Era2026Request {
        if (message != null && !json) {
            throw new IllegalArgumentException("A message read from a body that is not JSON");
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(origin, "origin");
    }

    /** A request read over stdio, handed on to the core's threads: the reader never serves one. */
    public static Era2026Request overStdio(Map<String, Object> message, RequestOrigin origin) {
        return overStdio(message, origin, false);
    }

    /**
     * A request read over stdio, served on the calling thread when {@code servedOnCallingThread}: the transport
     * hands it over on a request thread of its own, not on its reader.
     */
    public static Era2026Request overStdio(
            Map<String, Object> message, RequestOrigin origin, boolean servedOnCallingThread) {
        return new Era2026Request(message, true, false, Map.of(), origin, servedOnCallingThread);
    }

    /**
     * A request read over HTTP, with its headers by lower-case name, served on the request thread.
     *
     * @param message the body's JSON object, or {@code null} when the body is JSON but not an object
     */
    public static Era2026Request overHttp(
            Map<String, Object> message, Map<String, String> headers, RequestOrigin origin) {
        return new Era2026Request(message, true, true, headers, origin, true);
    }

    /** A request read over HTTP whose body is not JSON, served on the request thread (answered as a parse error). */
    public static Era2026Request notJsonOverHttp(Map<String, String> headers, RequestOrigin origin) {
        return new Era2026Request(null, false, true, headers, origin, true);
    }

    /** Names the request's method, never its content. */
    @Override
    public String toString() {
        Object method = message == null ? null : message.get("method");
        return "Era2026Request[method=" + (method instanceof String ? method : "?") + ", json=" + json + ", overHttp="
                + overHttp + ", servedOnCallingThread=" + servedOnCallingThread + "]";
    }
}
