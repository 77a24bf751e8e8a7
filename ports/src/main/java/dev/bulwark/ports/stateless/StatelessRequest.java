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
 */
public record StatelessRequest(
        byte[] body, boolean overHttp, Map<String, String> headers, Map<String, Object> transportContext) {

    public StatelessRequest {
        body = Objects.requireNonNull(body, "body").clone();
        headers = Map.copyOf(headers);
        transportContext = Map.copyOf(transportContext);
    }

    /** A request read over stdio. */
    public static StatelessRequest overStdio(byte[] body, Map<String, Object> transportContext) {
        return new StatelessRequest(body, false, Map.of(), transportContext);
    }

    /** A request read over HTTP, with its headers by lower-case name. */
    public static StatelessRequest overHttp(
            byte[] body, Map<String, String> headers, Map<String, Object> transportContext) {
        return new StatelessRequest(body, true, headers, transportContext);
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatelessRequest that && overHttp == that.overHttp && Arrays.equals(body, that.body)
                && headers.equals(that.headers) && transportContext.equals(that.transportContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), overHttp, headers, transportContext);
    }

    @Override
    public String toString() {
        return "StatelessRequest[" + body.length + " bytes, overHttp=" + overHttp + "]";
    }
}
