package dev.bulwark.ports.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a registered service: its name, a path under its base URL, and only headers its operation
 * declares. Immutable.
 *
 * @param service the registered service's name
 * @param method the HTTP method
 * @param path relative to the service's base URL, for example {@code orders/42}; a leading {@code /} is allowed and
 *     means the same. It may not leave the base URL (see {@link ServiceClient#send})
 * @param query query parameters, each name with its values in order; encoded by the client
 * @param body the request body; empty for none
 * @param contentType the body's media type; empty when there is no body
 * @param headers request headers by name, one value each; empty for none
 * @param credentials the credentials it carries: empty for the service's own credential (its {@code credential}, if
 *     any); present for exactly the listed security schemes' credentials, none when the list is empty. A header,
 *     query parameter or cookie that one of them uses is never taken from {@code headers} or {@code query}
 */
public record ServiceRequest(
        String service,
        HttpMethod method,
        String path,
        Map<String, List<String>> query,
        byte[] body,
        String contentType,
        Map<String, String> headers,
        Optional<List<CredentialUse>> credentials) {

    /** The media type of JSON bodies. */
    public static final String JSON = "application/json";

    public ServiceRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(query, "query")
                .forEach((name, values) -> copy.put(Objects.requireNonNull(name, "query name"), List.copyOf(values)));
        query = Collections.unmodifiableMap(copy);
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(contentType, "contentType");
        Map<String, String> headerCopy = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers")
                .forEach((name, value) -> headerCopy.put(
                        Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, name)));
        headers = Collections.unmodifiableMap(headerCopy);
        if (body.length > 0 && contentType.isBlank()) {
            throw new IllegalArgumentException("a request with a body needs its content type");
        }
        credentials = Objects.requireNonNull(credentials, "credentials").map(List::copyOf);
    }

    /** A request that carries the service's own credential. */
    public ServiceRequest(
            String service,
            HttpMethod method,
            String path,
            Map<String, List<String>> query,
            byte[] body,
            String contentType,
            Map<String, String> headers) {
        this(service, method, path, query, body, contentType, headers, Optional.empty());
    }

    /** A request without query or body. */
    public static ServiceRequest of(String service, HttpMethod method, String path) {
        return new ServiceRequest(service, method, path, Map.of(), new byte[0], "", Map.of());
    }

    /** This request with these query parameters, one value each, in the map's order. */
    public ServiceRequest withQuery(Map<String, String> parameters) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, List.of(value)));
        return new ServiceRequest(service, method, path, values, body, contentType, headers, credentials);
    }

    /** This request with a JSON body, the text of a JSON value. */
    public ServiceRequest withJson(String json) {
        return new ServiceRequest(
                service, method, path, query, json.getBytes(StandardCharsets.UTF_8), JSON, headers, credentials);
    }

    /** This request with these query parameters, each name with its values in order. */
    public ServiceRequest withQueryValues(Map<String, List<String>> parameters) {
        return new ServiceRequest(service, method, path, parameters, body, contentType, headers, credentials);
    }

    /** This request with these headers, one value each. */
    public ServiceRequest withHeaders(Map<String, String> values) {
        return new ServiceRequest(service, method, path, query, body, contentType, values, credentials);
    }

    /**
     * This request with the credentials of exactly these security schemes, none when the list is empty, instead of
     * the service's own credential.
     */
    public ServiceRequest withCredentials(List<CredentialUse> uses) {
        return new ServiceRequest(service, method, path, query, body, contentType, headers, Optional.of(uses));
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Compares the body by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceRequest that
                && service.equals(that.service)
                && method == that.method
                && path.equals(that.path)
                && query.equals(that.query)
                && Arrays.equals(body, that.body)
                && contentType.equals(that.contentType)
                && headers.equals(that.headers)
                && credentials.equals(that.credentials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, method, path, query, Arrays.hashCode(body), contentType, headers, credentials);
    }

    /** Names the service, method and path; never the body, which may hold personal data. */
    @Override
    public String toString() {
        return "ServiceRequest[" + service + " " + method + " " + path + ", " + body.length + " body bytes]";
    }
}
