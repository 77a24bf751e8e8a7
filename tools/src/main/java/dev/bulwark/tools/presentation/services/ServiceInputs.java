package dev.bulwark.tools.presentation.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.ToolParam;
import dev.bulwark.ports.outbound.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The input records of the service tools. Immutable as long as no one mutates the JSON bodies they hold. */
final class ServiceInputs {

    static final String SERVICE = "The registered service's name, as list_services shows it, such as orders";
    static final String METHOD = "The HTTP method: GET, HEAD or OPTIONS read (the service's read scope); POST, PUT,"
            + " PATCH and DELETE write (its write scope). The service must allow it";
    static final String PATH = "The path relative to the service's base URL, such as orders/42. No scheme, host, '//',"
            + " '..' above the service's root, '?' or '#': put parameters in query";
    static final String QUERY = "Query parameters, each name with one string value; they are encoded for you";
    static final String BODY = "A JSON body, for POST, PUT, PATCH or DELETE";

    private ServiceInputs() {}

    /**
     * {@code api_request}'s arguments, and one request of a batch.
     *
     * @param service the service's name
     * @param method the method
     * @param path the path under the service's base URL
     * @param query the query parameters
     * @param body the JSON body
     */
    public record ApiRequest(
            @ToolParam(description = SERVICE) String service,
            @ToolParam(description = METHOD) HttpMethod method,
            @ToolParam(description = PATH) String path,
            @ToolParam(description = QUERY) Optional<Map<String, String>> query,
            @ToolParam(description = BODY) Optional<JsonNode> body) {}

    /**
     * {@code batch_api_requests}' arguments.
     *
     * @param requests the requests, each like {@code api_request}'s arguments
     */
    public record BatchApiRequests(
            @ToolParam(
                    description = "The requests, each like api_request's arguments. They run concurrently; each"
                            + " ends on its own, and the results come back in the same order")
            List<ApiRequest> requests) {}

    /** {@code list_services} takes no arguments. */
    public record ListServices() {}
}
