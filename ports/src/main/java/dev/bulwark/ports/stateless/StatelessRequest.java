package dev.bulwark.ports.stateless;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One request of the stateless era as a transport read it.
 *
 * @param body the request, one JSON-RPC message in UTF-8
 * @param overHttp whether it came over HTTP, where the protocol version header is required and checked
 * @param headers the HTTP headers by lower-case name (the first value of each); empty over stdio
 * @param transportContext what the transport knows of the caller, by the keys of
 *     {@link dev.bulwark.ports.security.TransportContextKeys}
 * @param servedOnCallingThread whether the thread that hands the request over may serve it, however long that takes
 *     (an HTTP request thread may), so that {@link StatelessRequests#serve} runs it before it returns; otherwise it
 *     is handed on to the core's own threads (a stdio reader must go on reading)
 */
public record StatelessRequest(byte[] body, boolean overHttp, Map<String, String> headers,
        Map<String, Object> transportContext, boolean servedOnCallingThread) {

    public StatelessRequest {
        body = Objects.requireNonNull(body, "body").clone();
        headers = Map.copyOf(headers);
        transportContext = Map.copyOf(transportContext);
    }

    /** A request read over stdio, handed on to the core's threads: the reader never serves one. */
    public static StatelessRequest overStdio(byte[] body, Map<String, Object> transportContext) {
        return overStdio(body, transportContext, false);
    }

    /**
     * A request read over stdio, served on the calling thread when {@code servedOnCallingThread}: the transport
     * hands it over on a request thread of its own, not on its reader.
     */
    public static StatelessRequest overStdio(
            byte[] body, Map<String, Object> transportContext, boolean servedOnCallingThread) {
        return new StatelessRequest(body, false, Map.of(), transportContext, servedOnCallingThread);
    }

    /** A request read over HTTP, with its headers by lower-case name, served on the request thread. */
    public static StatelessRequest overHttp(
            byte[] body, Map<String, String> headers, Map<String, Object> transportContext) {
        return new StatelessRequest(body, true, headers, transportContext, true);
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatelessRequest that && overHttp == that.overHttp && Arrays.equals(body, that.body)
                && headers.equals(that.headers) && transportContext.equals(that.transportContext)
                && servedOnCallingThread == that.servedOnCallingThread;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), overHttp, headers, transportContext, servedOnCallingThread);
    }

    @Override
    public String toString() {
        return "StatelessRequest[" + body.length + " bytes, overHttp=" + overHttp + ", servedOnCallingThread="
                + servedOnCallingThread + "]";
    }
}
