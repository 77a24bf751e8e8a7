package dev.bulwark.tools.business.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ports.outbound.HttpMethod;
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
 */
public record ApiCall(String service, HttpMethod method, String path, Map<String, String> query,
        Optional<JsonNode> body) {

    public ApiCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
        Objects.requireNonNull(body, "body");
    }
}
