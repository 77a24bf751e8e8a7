package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.tools.business.openapi.OperationSpec.PartSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578) made from a {@code body} argument: a part per property, in the
 * argument's order; a file as its bytes with its file name and media type, a list of files or of plain values as one
 * part each, an object or a list of objects as one JSON part, any other value as its text; each part with the headers
 * the document's {@code encoding} fixes for it. The boundary is random. Thread-safe.
 */
final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};

    private MultipartBody() {}

    /**
     * The encoded body.
     *
     * @param contentType the request's {@code Content-Type}, with its boundary
     * @param bytes the body
     */
    record Encoded(String contentType, byte[] bytes) {}

    /**
     * One part before encoding: a name, a file name for a file, a media type when it has one, the headers the
     * document's {@code encoding} gives it, its content.
     */
    private record Part(
            String name, String filename, String contentType, Map<String, String> headers, byte[] content) {}

    /**
     * The body for {@code body}, checked: a file's {@value PartSpec#FILE_BASE64} must decode, its
     * {@value PartSpec#FILE_NAME} hold no control character, its {@value PartSpec#FILE_CONTENT_TYPE} be a media type
     * the document allows.
     *
     * @throws InvalidArgumentsException naming every property that cannot be sent, before anything is
     */
    static Encoded encode(OperationSpec spec, JsonNode body) {
        String where = "$." + OperationSpec.BODY;
        if (!body.isObject()) {
            throw new InvalidArgumentsException(
                    spec.toolName(),
                    List.of(new Violation(where, "must be an object: it is sent as " + MultipartFields.MEDIA_TYPE)));
        }
        List<Part> parts = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            PartSpec part = spec.parts().get(name);
            String path = where + "." + name;
            if (value.isNull()) {
                continue;
            }
            if (part != null && part.file()) {
                if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        file(part, value.get(i), path + "[" + i + "]", parts, violations);
                    }
                } else {
                    file(part, value, path, parts, violations);
                }
            } else if (value.isObject() || value.isArray() && !allValues(value) || declaredJson(part)) {
                parts.add(new Part(
                        name,
                        null,
                        "application/json",
                        headers(part),
                        value.toString().getBytes(StandardCharsets.UTF_8)));
            } else if (value.isArray()) {
                value.forEach(element -> {
                    if (!element.isNull()) {
                        parts.add(text(name, part, element));
                    }
                });
            } else {
                parts.add(text(name, part, value));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentsException(spec.toolName(), violations);
        }
        String boundary = boundary();
        while (inAnyPart(boundary, parts)) {
            boundary = boundary();
        }
        return new Encoded(MultipartFields.MEDIA_TYPE + "; boundary=" + boundary, write(boundary, parts));
    }

    private static void file(PartSpec part, JsonNode file, String path, List<Part> parts, List<Violation> violations) {
        if (!file.isObject()) {
            violations.add(new Violation(
                    path,
                    "must be a file: an object with its bytes as '" + PartSpec.FILE_BASE64 + "', and optionally '"
                            + PartSpec.FILE_NAME + "' and '" + PartSpec.FILE_CONTENT_TYPE + "'"));
            return;
        }
        JsonNode base64 = file.get(PartSpec.FILE_BASE64);
        byte[] bytes = null;
        if (base64 != null && base64.isTextual()) {
            try {
                bytes = Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        if (bytes == null) {
            violations.add(new Violation(
                    path + "." + PartSpec.FILE_BASE64,
                    "must be the file's bytes as a base64 string (RFC 4648, without line breaks)"));
        }
        String filename = part.name();
        JsonNode given = file.get(PartSpec.FILE_NAME);
        if (given != null && !given.isNull()) {
            filename = given.asText();
            if (filename.isEmpty() || filename.chars().anyMatch(Character::isISOControl)) {
                violations.add(new Violation(
                        path + "." + PartSpec.FILE_NAME,
                        "must be a file name without control characters or line breaks"));
            }
        }
        String contentType;
        JsonNode type = file.get(PartSpec.FILE_CONTENT_TYPE);
        if (type != null && !type.isNull()) {
            contentType = type.asText();
            if (!MultipartFields.MEDIA_TYPE_SYNTAX.matcher(contentType).matches()) {
                violations.add(new Violation(
                        path + "." + PartSpec.FILE_CONTENT_TYPE, "must be a media type such as image/png"));
            } else if (!MultipartFields.allows(part, contentType)) {
                violations.add(new Violation(
                        path + "." + PartSpec.FILE_CONTENT_TYPE,
                        "must be one of " + String.join(", ", part.contentTypes())));
            }
        } else {
            Optional<String> fallback = MultipartFields.defaultFileType(part);
            if (fallback.isEmpty()) {
                violations.add(new Violation(
                        path + "." + PartSpec.FILE_CONTENT_TYPE,
                        "is required: the part may be one of " + String.join(", ", part.contentTypes())));
                return;
            }
            contentType = fallback.get();
        }
        if (bytes != null) {
            byte[] content = part.base64() ? base64.asText().getBytes(StandardCharsets.US_ASCII) : bytes;
            parts.add(new Part(part.name(), filename, contentType, part.headers(), content));
        }
    }

    /** A part for a plain value: its text, with the type the document gives it, if one. */
    private static Part text(String name, PartSpec part, JsonNode value) {
        String contentType = part != null
                        && part.contentTypes().size() == 1
                        && MultipartFields.MEDIA_TYPE_SYNTAX
                                .matcher(part.contentTypes().get(0))
                                .matches()
                ? part.contentTypes().get(0)
                : null;
        String text = value.isValueNode() ? value.asText() : value.toString();
        return new Part(name, null, contentType, headers(part), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The headers the document's {@code encoding} gives the part of {@code part}; none for a property it names not. */
    private static Map<String, String> headers(PartSpec part) {
        return part == null ? Map.of() : part.headers();
    }

    private static boolean declaredJson(PartSpec part) {
        return part != null
                && part.contentTypes().stream()
                        .map(MultipartFields::bare)
                        .anyMatch(type -> type.equals("application/json") || type.endsWith("+json"));
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    /** A boundary of 32 random hex digits: RFC 2046 allows 70 characters, and these need no quoting. */
    private static String boundary() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "bulwark-" + HexFormat.of().formatHex(random);
    }

    private static boolean inAnyPart(String boundary, List<Part> parts) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        for (Part part : parts) {
            if (indexOf(part.content(), delimiter) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] content, byte[] sought) {
        outer:
        for (int i = 0; i <= content.length - sought.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (content[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] write(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder headers = new StringBuilder()
                    .append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(escaped(part.name()))
                    .append('"');
            if (part.filename() != null) {
                headers.append("; filename=\"").append(escaped(part.filename())).append('"');
            }
            headers.append("\r\n");
            if (part.contentType() != null) {
                headers.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            part.headers()
                    .forEach((name, value) ->
                            headers.append(name).append(": ").append(value).append("\r\n"));
            headers.append("\r\n");
            out.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * A name or file name as a quoted {@code Content-Disposition} parameter, as RFC 7578 (section 2) and the HTML
     * standard's form encoding write it: UTF-8, with {@code "}, CR and LF as {@code %22}, {@code %0D} and
     * {@code %0A}. RFC 7578 forbids RFC 5987's {@code filename*}.
     */
    static String escaped(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
