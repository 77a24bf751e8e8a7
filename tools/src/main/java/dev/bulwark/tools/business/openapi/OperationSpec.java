package dev.bulwark.tools.business.openapi;

import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a service's OpenAPI document, as a tool serves it. Immutable.
 *
 * @param service the registered service's name
 * @param toolName the tool's name: the service and the operation, at most 64 characters of {@code A-Za-z0-9_.-}
 * @param operation the operation's id, or its method and path when it has none
 * @param method the HTTP method
 * @param pathTemplate the document's path, such as {@code /pets/{petId}}
 * @param title the operation's summary; empty when it has none
 * @param description what the tool does, for a model
 * @param parameters the path, query and header parameters a caller may give
 * @param bodyRequired whether the JSON body is required; meaningful only with {@code hasBody}
 * @param hasBody whether the operation takes a JSON body, given as the argument {@code body}
 * @param inputSchema the arguments' JSON Schema
 * @param responseSchema the JSON Schema of the 2xx JSON answer, when the document gives one
 * @param scope the scope a caller needs
 * @param bodyMediaType how the {@code body} argument is sent: {@code application/json}, a form
 *     ({@code application/x-www-form-urlencoded}, from an object), {@code application/octet-stream} (from base64)
 *     or {@code text/plain} (from a string)
 * @param credentials the credentials the operation sends: empty for the service's own credential (a service that
 *     holds none per security scheme); present for the schemes of the first alternative of its {@code security}
 *     requirement that the service holds credentials for, none when it requires none
 */
public record OperationSpec(
        String service,
        String toolName,
        String operation,
        HttpMethod method,
        String pathTemplate,
        String title,
        String description,
        List<ParameterSpec> parameters,
        boolean hasBody,
        boolean bodyRequired,
        Map<String, Object> inputSchema,
        Optional<Map<String, Object>> responseSchema,
        String scope,
        String bodyMediaType,
        Optional<List<CredentialUse>> credentials) {

    /** The argument that holds a JSON request body. */
    public static final String BODY = "body";

    public OperationSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathTemplate, "pathTemplate");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        inputSchema = Map.copyOf(inputSchema);
        Objects.requireNonNull(responseSchema, "responseSchema");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(bodyMediaType, "bodyMediaType");
        credentials = Objects.requireNonNull(credentials, "credentials").map(List::copyOf);
    }

    /** An operation that sends the service's own credential. */
    public OperationSpec(
            String service,
            String toolName,
            String operation,
            HttpMethod method,
            String pathTemplate,
            String title,
            String description,
            List<ParameterSpec> parameters,
            boolean hasBody,
            boolean bodyRequired,
            Map<String, Object> inputSchema,
            Optional<Map<String, Object>> responseSchema,
            String scope,
            String bodyMediaType) {
        this(
                service,
                toolName,
                operation,
                method,
                pathTemplate,
                title,
                description,
                parameters,
                hasBody,
                bodyRequired,
                inputSchema,
                responseSchema,
                scope,
                bodyMediaType,
                Optional.empty());
    }

    /**
     * One parameter of an operation. Immutable.
     *
     * @param name its name, which is also the argument's
     * @param location where it goes
     * @param required whether the operation needs it
     */
    public record ParameterSpec(String name, Location location, boolean required) {

        public ParameterSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
        }
    }

    /** Where a parameter goes in the request. */
    public enum Location {
        PATH,
        QUERY,
        HEADER
    }
}
