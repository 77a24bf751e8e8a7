package dev.bulwark.tools.business.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a service answered, read for a model. Immutable as long as no one mutates its JSON.
 *
 * @param service the service's name
 * @param method the method sent
 * @param path the path as the caller gave it
 * @param status the HTTP status
 * @param headers the selected headers the client passed on
 * @param bodyType {@code json}, {@code text}, {@code binary} (left out) or {@code empty}
 * @param json the body, when {@code json}; null otherwise
 * @param text the body, when {@code text}; null otherwise
 * @param bodyBytes the body's size
 * @param attempts attempts sent, retries included
 */
public record ApiResult(
        String service,
        String method,
        String path,
        int status,
        Map<String, String> headers,
        String bodyType,
        JsonNode json,
        String text,
        int bodyBytes,
        int attempts) {

    public ApiResult {
        headers = Map.copyOf(headers);
    }
}
