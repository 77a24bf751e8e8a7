package dev.bulwark.tools.business.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request a caller asked for, before any check. Immutable as long as no one mutates the body.
 *
 * @param service the service's name
 * @param method the method
 * @param path the path relative to the service's base URL
 * @param query query parameters, one value each
 * @param body a JSON body, for methods that take one
 * @param queryValues more query parameters, each with its values in order, sent after {@code query}
 * @param headers request headers, one value each; the client refuses those it never takes from a caller
 * @param bodyMediaType how the body is sent: {@link #JSON} (its JSON text), {@link #FORM} (an object as
 *     {@code name=value} pairs) or another media type, whose body is a binary node sent as its bytes
 * @param credentials the security schemes whose credentials it carries; empty for the service's own credential
 *     ({@link dev.bulwark.ports.outbound.ServiceRequest#credentials()})
 */
public record ApiCall(
        String service,
        HttpMethod method,
        String path,
        Map<String, String> query,
        Optional<JsonNode> body,
        Map<String, List<String>> queryValues,
        Map<String, String> headers,
        String bodyMediaType,
        Optional<List<CredentialUse>> credentials) {

    /** The media type of JSON bodies. */
    public static final String JSON = "application/json";

    /** The media type of form bodies. */
    public static final String FORM = "application/x-www-form-urlencoded";

    /** A call with no repeated query parameters and no headers, as {@code api_request} makes. */
    public ApiCall(String service, HttpMethod method, String path, Map<String, String> query, Optional<JsonNode> body) {
        this(service, method, path, query, body, Map.of(), Map.of(), JSON);
    }

    /** A call whose body, if any, is JSON. */
    public ApiCall(
            String service,
            HttpMethod method,
            String path,
            Map<String, String> query,
            Optional<JsonNode> body,
            Map<String, List<String>> queryValues,
            Map<String, String> headers) {
        this(service, method, path, query, body, queryValues, headers, JSON);
    }

    public ApiCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
        Objects.requireNonNull(body, "body");
        queryValues =
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(queryValues, "queryValues")));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(bodyMediaType, "bodyMediaType");
        credentials = Objects.requireNonNull(credentials, "credentials").map(List::copyOf);
    }

    /** A call that carries the service's own credential. */
    public ApiCall(
            String service,
            HttpMethod method,
            String path,
            Map<String, String> query,
            Optional<JsonNode> body,
            Map<String, List<String>> queryValues,
            Map<String, String> headers,
            String bodyMediaType) {
        this(service, method, path, query, body, queryValues, headers, bodyMediaType, Optional.empty());
    }
}
