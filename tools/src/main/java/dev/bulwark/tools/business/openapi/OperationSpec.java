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
 *     ({@code application/x-www-form-urlencoded}, from an object), {@code multipart/form-data} (from an object, a
 *     part per property), {@code application/octet-stream} (from base64) or {@code text/plain} (from a string)
 * @param parts the properties of a {@code multipart/form-data} body that are files or whose part's content type the
 *     document gives, by name; empty for other bodies
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
        Map<String, PartSpec> parts,
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
        parts = Map.copyOf(parts);
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
                Map.of(),
                Optional.empty());
    }

    /**
     * How one property of a {@code multipart/form-data} body is sent. Immutable.
     *
     * @param name the property's name, which is also its part's
     * @param file whether it is a file (or a list of files, one part each), given as {@link #FILE_BASE64},
     *     {@link #FILE_NAME} and {@link #FILE_CONTENT_TYPE}
     * @param contentTypes the media types the document allows for its part, each {@code type/subtype} or a wildcard
     *     ({@code image/*}); empty when it names none
     * @param base64 whether a file's part carries its base64 text rather than its bytes (OpenAPI 3.1's
     *     {@code contentEncoding: base64})
     * @param headers the headers the body's {@code encoding} gives the part, each with the value the document fixes,
     *     in the document's order
     */
    public record PartSpec(
            String name, boolean file, List<String> contentTypes, boolean base64, Map<String, String> headers) {

        /** The property of a file argument that holds its bytes, base64-encoded. */
        public static final String FILE_BASE64 = "base64";

        /** The property of a file argument that holds its file name. */
        public static final String FILE_NAME = "filename";

        /** The property of a file argument that holds its media type. */
        public static final String FILE_CONTENT_TYPE = "contentType";

        public PartSpec {
            Objects.requireNonNull(name, "name");
            contentTypes = List.copyOf(contentTypes);
            headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        }

        /** A part with no headers of its own. */
        public PartSpec(String name, boolean file, List<String> contentTypes, boolean base64) {
            this(name, file, contentTypes, base64, Map.of());
        }
    }

    /**
     * One parameter of an operation. Immutable.
     *
     * @param name its name in the request
     * @param argument the tool's argument that gives it: its name, unless another argument has that name
     * @param location where it goes
     * @param required whether the operation needs it
     */
    public record ParameterSpec(String name, String argument, Location location, boolean required) {

        public ParameterSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argument, "argument");
            Objects.requireNonNull(location, "location");
        }

        /** A parameter whose argument has its name. */
        public ParameterSpec(String name, Location location, boolean required) {
            this(name, name, location, required);
        }
    }

    /** Where a parameter goes in the request. */
    public enum Location {
        PATH,
        QUERY,
        HEADER
    }
}
