package dev.bulwark.ports.era2026;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One request of the 2026 era as a transport read it.
 *
 * @param body the request, one JSON-RPC message in UTF-8
 * @param overHttp whether it came over HTTP, where the protocol version header is required and checked
 * @param headers the HTTP headers by lower-case name (the first value of each); empty over stdio
 * @param origin what the transport knows of the request: its caller, request id and trace context
 * @param servedOnCallingThread whether the thread that hands the request over may serve it, however long that takes
 *     (an HTTP request thread may), so that {@link Era2026Requests#serve} runs it before it returns; otherwise it
 *     is handed on to the core's own threads (a stdio reader must go on reading)
 */
public record Era2026Request(
        byte[] body,
        boolean overHttp,
        Map<String, String> headers,
        RequestOrigin origin,
        boolean servedOnCallingThread) {

    public Era2026Request {
        body = Objects.requireNonNull(body, "body").clone();
        headers = Map.copyOf(headers);
        Objects.requireNonNull(origin, "origin");
    }

    /** A request read over stdio, handed on to the core's threads: the reader never serves one. */
    public static Era2026Request overStdio(byte[] body, RequestOrigin origin) {
        return overStdio(body, origin, false);
    }

    /**
     * A request read over stdio, served on the calling thread when {@code servedOnCallingThread}: the transport
     * hands it over on a request thread of its own, not on its reader.
     */
    public static Era2026Request overStdio(byte[] body, RequestOrigin origin, boolean servedOnCallingThread) {
        return new Era2026Request(body, false, Map.of(), origin, servedOnCallingThread);
    }

    /** A request read over HTTP, with its headers by lower-case name, served on the request thread. */
    public static Era2026Request overHttp(byte[] body, Map<String, String> headers, RequestOrigin origin) {
        return new Era2026Request(body, true, headers, origin, true);
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Era2026Request that
                && overHttp == that.overHttp
                && Arrays.equals(body, that.body)
                && headers.equals(that.headers)
                && origin.equals(that.origin)
                && servedOnCallingThread == that.servedOnCallingThread;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), overHttp, headers, origin, servedOnCallingThread);
    }

    @Override
    public String toString() {
        return "Era2026Request[" + body.length + " bytes, overHttp=" + overHttp + ", servedOnCallingThread="
                + servedOnCallingThread + "]";
    }
}
