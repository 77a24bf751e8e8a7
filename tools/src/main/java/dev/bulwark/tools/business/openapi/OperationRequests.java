package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.tools.business.openapi.OperationSpec.ParameterSpec;
import dev.bulwark.tools.business.services.ApiCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a tool's checked arguments into the one request its operation sends: each parameter in its place, headers
 * only as the operation declares them, the body in the operation's media type. Stateless.
 */
public final class OperationRequests {

    private OperationRequests() {}

    /**
     * The request for {@code arguments}.
     *
     * @throws InvalidArgumentsException naming the argument when a path parameter could change the path, or the
     *     property of a body that cannot be sent (a base64 string that does not decode)
     */
    public static ApiCall call(OperationSpec spec, JsonNode arguments) {
        String path = spec.pathTemplate();
        Map<String, List<String>> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (ParameterSpec parameter : spec.parameters()) {
            JsonNode value = arguments.get(parameter.argument());
            if (value == null || value.isNull()) {
                continue;
            }
            switch (parameter.location()) {
                case PATH -> {
                    String text = scalar(value);
                    String refusal = pathRefusal(text);
                    if (refusal != null) {
                        violations.add(new Violation("$." + parameter.argument(), refusal));
                    } else {
                        path = path.replace("{" + parameter.name() + "}", encodeSegment(text));
                    }
                }
                case QUERY -> {
                    List<String> values = new ArrayList<>();
                    if (value.isArray()) {
                        value.forEach(element -> values.add(scalar(element)));
                    } else {
                        values.add(scalar(value));
                    }
                    query.put(parameter.name(), values);
                }
                case HEADER -> headers.put(parameter.name(), scalar(value));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentsException(spec.toolName(), violations);
        }
        Optional<JsonNode> body = spec.hasBody()
                ? Optional.ofNullable(arguments.get(OperationSpec.BODY)).filter(node -> !node.isNull())
                : Optional.empty();
        String mediaType = spec.bodyMediaType();
        if (body.isPresent() && mediaType.equals(MultipartFields.MEDIA_TYPE)) {
            MultipartBody.Encoded multipart = MultipartBody.encode(spec, body.get());
            body = Optional.of(BinaryNode.valueOf(multipart.bytes()));
            mediaType = multipart.contentType();
        } else if (body.isPresent()) {
            body = Optional.of(encodedBody(spec, body.get()));
        }
        return new ApiCall(
                spec.service(), spec.method(), path, Map.of(), body, query, headers, mediaType, spec.credentials());
    }

    /**
     * The body as {@link ApiCall} sends it in the operation's media type: JSON and form bodies as they are (a form
     * body must be an object), a base64 string as its bytes, text as its UTF-8 bytes.
     *
     * @throws InvalidArgumentsException when the body cannot be sent in that type
     */
    private static JsonNode encodedBody(OperationSpec spec, JsonNode body) {
        String where = "$." + OperationSpec.BODY;
        switch (spec.bodyMediaType()) {
            case ApiCall.JSON -> {
                return body;
            }
            case ApiCall.FORM -> {
                if (!body.isObject()) {
                    throw new InvalidArgumentsException(
                            spec.toolName(), List.of(new Violation(where, "must be an object: it is sent as a form")));
                }
                return body;
            }
            case "text/plain" -> {
                return BinaryNode.valueOf(scalar(body).getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                try {
                    if (!body.isTextual()) {
                        throw new IllegalArgumentException("not a string");
                    }
                    return BinaryNode.valueOf(Base64.getDecoder().decode(body.asText()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidArgumentsException(
                            spec.toolName(),
                            List.of(new Violation(where, "must be the body's bytes as a base64 string")));
                }
            }
        }
    }

    /** Why {@code value} may not fill a path segment, or null when it may. */
    static String pathRefusal(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            return "must not be empty, '.' or '..': it fills one path segment";
        }
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('%') >= 0) {
            return "must not hold '/', '\\' or '%': it fills one path segment";
        }
        return null;
    }

    /**
     * {@code value} as one path segment: UTF-8, every byte but {@code A-Za-z0-9-._~} as {@code %XX}, so {@code ?} and
     * {@code #} stay inside the segment (a value that could still change the path is refused first).
     */
    static String encodeSegment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static String scalar(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
