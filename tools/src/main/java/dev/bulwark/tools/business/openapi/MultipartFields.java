package dev.bulwark.tools.business.openapi;

import dev.bulwark.tools.business.openapi.OperationSpec.PartSpec;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Encoding;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code body} argument of an operation whose request body is {@code multipart/form-data}, its file properties
 * taking file objects ({@value PartSpec#FILE_BASE64}, {@value PartSpec#FILE_NAME},
 * {@value PartSpec#FILE_CONTENT_TYPE}), and how each part is sent. Stateless.
 */
final class MultipartFields {

    /** The media type of multipart form bodies. */
    static final String MEDIA_TYPE = "multipart/form-data";

    /** The part type of a file whose type neither the caller nor the document gives. */
    static final String DEFAULT_FILE_TYPE = "application/octet-stream";

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /**
     * A media type as a part's {@code Content-Type} takes it: {@code type/subtype}, optionally with parameters. No
     * line break or other control character can pass, so a value cannot add a header or end the part's headers.
     */
    static final Pattern MEDIA_TYPE_SYNTAX =
            Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\\\\\p{Cntrl}]*\"))*");

    /** A media type the document allows for a part: a media type, or a wildcard such as {@code image/*}. */
    private static final Pattern ALLOWED_SYNTAX = Pattern.compile("(\\*/\\*|" + TOKEN + "/(\\*|" + TOKEN + "))"
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\\\\\p{Cntrl}]*\"))*");

    /** A header's name: an HTTP token. */
    private static final Pattern HEADER_NAME = Pattern.compile(TOKEN);

    /** The part's headers the body itself writes, lower-case: an encoding's value for them is not sent. */
    private static final Set<String> PART_OWN_HEADERS =
            Set.of("content-type", "content-disposition", "content-transfer-encoding");

    /** How deep {@code allOf} members and {@code $ref}s are followed to find a body's properties. */
    private static final int MAX_DEPTH = 16;

    private MultipartFields() {}

    /**
     * The argument's schema and the parts it sends.
     *
     * @param schema the JSON Schema of the {@code body} argument
     * @param parts the properties that are files or whose part's type the document gives, by name
     */
    record Fields(Map<String, Object> schema, Map<String, PartSpec> parts) {}

    /**
     * The fields of a multipart body.
     *
     * @param bodySchema the media type's schema; null for none
     * @param encoding the media type's {@code encoding} object; null for none
     * @param references gets the component names the argument's schema refers to
     * @throws OpenApiDocumentException when the document gives a part a content type that is not a media type
     */
    static Fields of(
            String service,
            Schema<?> bodySchema,
            Map<String, Encoding> encoding,
            SchemaConversion schemas,
            String where,
            Set<String> references) {
        Map<String, Object> converted = bodySchema == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(schemas.convert(bodySchema, where, references));
        return fields(service, converted, encoding, schemas, where, references, 0);
    }

    /** The fields of a multipart body of the converted schema {@code converted}, which it may change. */
    private static Fields fields(
            String service,
            Map<String, Object> converted,
            Map<String, Encoding> encoding,
            SchemaConversion schemas,
            String where,
            Set<String> references,
            int depth) {
        Map<String, Object> top = resolved(converted, schemas, where, references);
        Optional<Fields> alternatives =
                alternatives(service, converted, top, encoding, schemas, where, references, depth);
        if (alternatives.isPresent()) {
            return alternatives.get();
        }
        Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collect(top, schemas, where, references, properties, required, 0);
        if (properties.isEmpty()) {
            if (!converted.containsKey("type") && !converted.containsKey("$ref")) {
                converted.put("type", "object");
            }
            return new Fields(converted, Map.of());
        }
        Map<String, PartSpec> parts = new LinkedHashMap<>();
        Map<String, Object> argumentProperties = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> property : properties.entrySet()) {
            String name = property.getKey();
            Map<String, Object> schema = resolved(property.getValue(), schemas, where, references);
            FileShape shape = fileShape(schema, schemas, where, references);
            Map<String, Object> fileSchema = shape == null ? null : shape.file();
            List<String> types = contentTypes(service, encoding, name, fileSchema, where);
            Map<String, String> headers = partHeaders(service, encoding, name, schemas, where);
            if (fileSchema == null) {
                argumentProperties.put(name, property.getValue());
                if (!types.isEmpty() || !headers.isEmpty()) {
                    parts.put(name, new PartSpec(name, false, types, false, headers));
                }
                continue;
            }
            PartSpec part = new PartSpec(
                    name,
                    true,
                    types,
                    "base64".equalsIgnoreCase(String.valueOf(fileSchema.get("contentEncoding"))),
                    headers);
            parts.put(name, part);
            Object description = schema.get("description") != null
                    ? schema.get("description")
                    : shape.list() != null ? shape.list().get("description") : fileSchema.get("description");
            Map<String, Object> argumentProperty = fileArgument(part, description);
            if (shape.list() != null) {
                Map<String, Object> list = new LinkedHashMap<>();
                list.put("type", "array");
                list.put("items", argumentProperty);
                for (String bound : List.of("minItems", "maxItems", "description")) {
                    if (shape.list().containsKey(bound)) {
                        list.put(bound, shape.list().get(bound));
                    }
                }
                argumentProperty = list;
            }
            argumentProperties.put(
                    name,
                    shape.nullable()
                            ? Map.of("anyOf", List.of(argumentProperty, Map.of("type", "null")))
                            : argumentProperty);
        }
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("type", "object");
        if (converted.get("description") != null) {
            argument.put("description", converted.get("description"));
        } else if (top.get("description") != null) {
            argument.put("description", top.get("description"));
        }
        argument.put("properties", argumentProperties);
        if (!required.isEmpty()) {
            argument.put("required", new ArrayList<>(required));
        }
        if (top.containsKey("additionalProperties")) {
            argument.put("additionalProperties", top.get("additionalProperties"));
        } else if (closed(top, schemas, where, references, 0)) {
            argument.put("additionalProperties", false);
        }
        return new Fields(argument, parts);
    }

    /**
     * The fields of a body whose {@code oneOf} or {@code anyOf} offers objects with a file property: its other
     * keywords as a body argument, with each member made a body argument of its own under that keyword, and the
     * parts of them all (a file's over a plain value's of the same name); empty for another body.
     */
    private static Optional<Fields> alternatives(
            String service,
            Map<String, Object> converted,
            Map<String, Object> top,
            Map<String, Encoding> encoding,
            SchemaConversion schemas,
            String where,
            Set<String> references,
            int depth) {
        if (depth >= MAX_DEPTH) {
            return Optional.empty();
        }
        for (String keyword : List.of("oneOf", "anyOf")) {
            if (!(top.get(keyword) instanceof List<?> members)
                    || members.stream()
                            .noneMatch(member -> member instanceof Map<?, ?> value
                                    && hasFile(
                                            resolved(map(value), schemas, where, references),
                                            schemas,
                                            where,
                                            references,
                                            depth + 1))) {
                continue;
            }
            Map<String, Object> others = new LinkedHashMap<>(top);
            others.remove(keyword);
            Fields own = fields(service, others, encoding, schemas, where, references, depth + 1);
            List<Object> arguments = new ArrayList<>();
            Map<String, PartSpec> parts = new LinkedHashMap<>(own.parts());
            for (Object member : members) {
                if (!(member instanceof Map<?, ?> value)) {
                    arguments.add(member);
                    continue;
                }
                Fields one = fields(
                        service, new LinkedHashMap<>(map(value)), encoding, schemas, where, references, depth + 1);
                arguments.add(one.schema());
                one.parts().forEach((name, part) -> {
                    PartSpec known = parts.get(name);
                    if (known == null || part.file() && !known.file()) {
                        parts.put(name, part);
                    }
                });
            }
            Map<String, Object> argument = new LinkedHashMap<>(own.schema());
            if (converted.get("description") != null) {
                argument.put("description", converted.get("description"));
            }
            argument.put(keyword, arguments);
            return Optional.of(new Fields(argument, parts));
        }
        return Optional.empty();
    }

    /**
     * Whether a body of {@code bodySchema} has a file property, alone or as a list, in its own properties or in those
     * of its {@code allOf}, {@code oneOf} or {@code anyOf} members: a string of {@code format: binary} or
     * {@code byte}, or in OpenAPI 3.1 with {@code contentMediaType} or {@code contentEncoding}.
     */
    static boolean hasFile(Schema<?> bodySchema, SchemaConversion schemas, String where) {
        if (bodySchema == null) {
            return false;
        }
        Set<String> references = new LinkedHashSet<>();
        Map<String, Object> converted = schemas.convert(bodySchema, where, references);
        return hasFile(resolved(converted, schemas, where, references), schemas, where, references, 0);
    }

    private static boolean hasFile(
            Map<String, Object> top, SchemaConversion schemas, String where, Set<String> references, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (String keyword : List.of("oneOf", "anyOf")) {
            if (top.get(keyword) instanceof List<?> members) {
                for (Object member : members) {
                    if (member instanceof Map<?, ?> value
                            && hasFile(
                                    resolved(map(value), schemas, where, references),
                                    schemas,
                                    where,
                                    references,
                                    depth + 1)) {
                        return true;
                    }
                }
            }
        }
        Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
        collect(top, schemas, where, references, properties, new LinkedHashSet<>(), 0);
        for (Map<String, Object> property : properties.values()) {
            Map<String, Object> schema = resolved(property, schemas, where, references);
            Map<String, Object> items = isArray(schema) && schema.get("items") instanceof Map<?, ?> raw
                    ? resolved(map(raw), schemas, where, references)
                    : Map.of();
            if (fileShape(schema, schemas, where, references) != null
                    || "byte".equals(schema.get("format"))
                    || "byte".equals(items.get("format"))) {
                return true;
            }
        }
        return false;
    }

    /** The part type a file gets when its caller gives none; empty when the document allows several. */
    static Optional<String> defaultFileType(PartSpec part) {
        if (part.contentTypes().isEmpty()) {
            return Optional.of(DEFAULT_FILE_TYPE);
        }
        if (part.contentTypes().size() == 1 && !part.contentTypes().get(0).contains("*")) {
            return Optional.of(part.contentTypes().get(0));
        }
        return Optional.empty();
    }

    /** Whether {@code type} is one the document allows for {@code part} (any, when it names none). */
    static boolean allows(PartSpec part, String type) {
        if (part.contentTypes().isEmpty()) {
            return true;
        }
        String given = bare(type);
        for (String allowed : part.contentTypes()) {
            String bare = bare(allowed);
            if (bare.equals("*/*")
                    || bare.equals(given)
                    || bare.endsWith("/*") && given.startsWith(bare.substring(0, bare.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    static String bare(String mediaType) {
        return mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    }

    /** The schema of one file argument. */
    private static Map<String, Object> fileArgument(PartSpec part, Object description) {
        Optional<String> fallback = defaultFileType(part);
        Map<String, Object> base64 = new LinkedHashMap<>();
        base64.put("type", "string");
        base64.put("contentEncoding", "base64");
        base64.put(
                "description",
                part.base64()
                        ? "The file's bytes, base64-encoded; the part carries this base64 text"
                        : "The file's bytes, base64-encoded; the part carries the bytes");
        Map<String, Object> filename = new LinkedHashMap<>();
        filename.put("type", "string");
        filename.put("minLength", 1);
        filename.put("description", "The file's name; '" + part.name() + "' when not given");
        Map<String, Object> contentType = new LinkedHashMap<>();
        contentType.put("type", "string");
        boolean concrete =
                !part.contentTypes().isEmpty() && part.contentTypes().stream().noneMatch(type -> type.contains("*"));
        if (concrete) {
            contentType.put("enum", part.contentTypes());
        }
        contentType.put(
                "description",
                "The file's media type"
                        + fallback.map(type -> "; " + type + " when not given").orElse("")
                        + (part.contentTypes().isEmpty() || concrete
                                ? ""
                                : "; one of " + String.join(", ", part.contentTypes())));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PartSpec.FILE_BASE64, base64);
        properties.put(PartSpec.FILE_NAME, filename);
        properties.put(PartSpec.FILE_CONTENT_TYPE, contentType);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("type", "object");
        file.put(
                "description",
                (description == null ? "" : description + " ")
                        + "A file, sent as one part: its bytes as base64, and its name and media type");
        file.put("properties", properties);
        file.put(
                "required",
                fallback.isPresent()
                        ? List.of(PartSpec.FILE_BASE64)
                        : List.of(PartSpec.FILE_BASE64, PartSpec.FILE_CONTENT_TYPE));
        file.put("additionalProperties", false);
        return file;
    }

    /**
     * The headers the body's {@code encoding} gives the part {@code name}, each with the value the document fixes for
     * it: its schema's {@code const}, the one value of its {@code enum}, else its {@code default}. A header without
     * one is left out, as are {@code Content-Type} (the {@code contentType} field says it; OpenAPI ignores it here),
     * {@code Content-Disposition} (it names the part) and {@code Content-Transfer-Encoding} (RFC 7578 forbids it).
     *
     * @throws OpenApiDocumentException when a header's name is not a header name, or its value holds a line break or
     *     another control character (it would end the part's headers)
     */
    private static Map<String, String> partHeaders(
            String service, Map<String, Encoding> encoding, String name, SchemaConversion schemas, String where) {
        Encoding entry = encoding == null ? null : encoding.get(name);
        if (entry == null || entry.getHeaders() == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Header> declared : entry.getHeaders().entrySet()) {
            String header = declared.getKey();
            if (header == null || PART_OWN_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!HEADER_NAME.matcher(header).matches()) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.DOCUMENT,
                        where + " gives the multipart part '" + DocumentReader.shortened(name) + "' the header '"
                                + DocumentReader.shortened(header) + "', which is not a header name");
            }
            Optional<String> value = fixedValue(declared.getValue(), schemas, where);
            if (value.isEmpty()) {
                continue;
            }
            if (value.get().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.DOCUMENT,
                        where + " gives the multipart part '" + DocumentReader.shortened(name) + "' the header '"
                                + header + "' a value with a line break or another control character");
            }
            headers.put(header, value.get());
        }
        return headers;
    }

    /** The one value the document fixes for a header: its schema's {@code const}, one-value {@code enum} or default. */
    private static Optional<String> fixedValue(Header header, SchemaConversion schemas, String where) {
        if (header == null || header.getSchema() == null) {
            return Optional.empty();
        }
        // the header's own schema, or the component it refers to; what it refers to is not the body argument's
        Set<String> unused = new LinkedHashSet<>();
        Map<String, Object> schema =
                resolved(schemas.convert(header.getSchema(), where, unused), schemas, where, unused);
        Object value = schema.containsKey("const")
                ? schema.get("const")
                : schema.get("enum") instanceof List<?> values && values.size() == 1
                        ? values.get(0)
                        : schema.get("default");
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    /**
     * The media types the document allows for a part: its {@code encoding} entry's {@code contentType}, else a
     * file's {@code contentMediaType}; empty when it gives none.
     */
    private static List<String> contentTypes(
            String service, Map<String, Encoding> encoding, String name, Map<String, Object> file, String where) {
        Encoding entry = encoding == null ? null : encoding.get(name);
        String listed = entry != null
                        && entry.getContentType() != null
                        && !entry.getContentType().isBlank()
                ? entry.getContentType()
                : file != null && file.get("contentMediaType") instanceof String type ? type : null;
        if (listed == null) {
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (String type : listed.split(",")) {
            String stripped = type.strip();
            if (!ALLOWED_SYNTAX.matcher(stripped).matches()) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.DOCUMENT,
                        where + " gives the multipart part '" + DocumentReader.shortened(name) + "' the content type '"
                                + DocumentReader.shortened(stripped) + "', which is not a media type (type/subtype)");
            }
            types.add(stripped);
        }
        return types;
    }

    /**
     * How a property takes files.
     *
     * @param file the schema of one file
     * @param list the schema of the list the files are in; null for a single file
     * @param nullable whether the property may also be null (a {@code oneOf}/{@code anyOf} member of type null)
     */
    private record FileShape(Map<String, Object> file, Map<String, Object> list, boolean nullable) {}

    /**
     * How a property of {@code schema} takes files: as one file, a list of them, or, in a {@code oneOf} or
     * {@code anyOf} member, either of those or null ({@code anyOf: [{type: string, format: binary}, {type: 'null'}]});
     * null when it takes none.
     */
    private static FileShape fileShape(
            Map<String, Object> schema, SchemaConversion schemas, String where, Set<String> references) {
        if (isFile(schema)) {
            return new FileShape(schema, null, schema.get("type") instanceof List<?> types && types.contains("null"));
        }
        if (isArray(schema) && schema.get("items") instanceof Map<?, ?> raw) {
            Map<String, Object> items = resolved(map(raw), schemas, where, references);
            if (isFile(items)) {
                return new FileShape(items, schema, false);
            }
        }
        for (String alternatives : List.of("oneOf", "anyOf")) {
            if (!(schema.get(alternatives) instanceof List<?> members)) {
                continue;
            }
            FileShape found = null;
            boolean nullable = false;
            for (Object member : members) {
                if (member instanceof Map<?, ?> value) {
                    Map<String, Object> resolved = resolved(map(value), schemas, where, references);
                    if ("null".equals(resolved.get("type"))) {
                        nullable = true;
                    } else if (found == null && !resolved.containsKey("oneOf") && !resolved.containsKey("anyOf")) {
                        found = fileShape(resolved, schemas, where, references);
                    }
                }
            }
            if (found != null) {
                return new FileShape(found.file(), found.list(), nullable);
            }
        }
        return null;
    }

    /** Puts the properties and required names of {@code schema} and of its {@code allOf} members. */
    private static void collect(
            Map<String, Object> schema,
            SchemaConversion schemas,
            String where,
            Set<String> references,
            Map<String, Map<String, Object>> properties,
            Set<String> required,
            int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (schema.get("properties") instanceof Map<?, ?> own) {
            own.forEach((name, property) -> {
                if (property instanceof Map<?, ?> value) {
                    properties.putIfAbsent(String.valueOf(name), map(value));
                }
            });
        }
        if (schema.get("required") instanceof List<?> names) {
            names.forEach(name -> required.add(String.valueOf(name)));
        }
        if (schema.get("allOf") instanceof List<?> members) {
            for (Object member : members) {
                if (member instanceof Map<?, ?> value) {
                    collect(
                            resolved(map(value), schemas, where, references),
                            schemas,
                            where,
                            references,
                            properties,
                            required,
                            depth + 1);
                }
            }
        }
    }

    /**
     * Whether one of the {@code allOf} members of {@code schema} takes no other properties: the merged object then
     * takes none but those of all its members.
     */
    private static boolean closed(
            Map<String, Object> schema, SchemaConversion schemas, String where, Set<String> references, int depth) {
        if (depth > MAX_DEPTH || !(schema.get("allOf") instanceof List<?> members)) {
            return false;
        }
        for (Object member : members) {
            if (member instanceof Map<?, ?> value) {
                Map<String, Object> resolved = resolved(map(value), schemas, where, references);
                if (Boolean.FALSE.equals(resolved.get("additionalProperties"))
                        || closed(resolved, schemas, where, references, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code schema}, or the schema its {@code $ref}s lead to. */
    private static Map<String, Object> resolved(
            Map<String, Object> schema, SchemaConversion schemas, String where, Set<String> references) {
        Map<String, Object> current = schema;
        for (int hop = 0; hop < MAX_DEPTH && current.get("$ref") instanceof String ref; hop++) {
            Optional<Map<String, Object>> target = schemas.referenced(ref, where, references);
            if (target.isEmpty()) {
                return current;
            }
            current = target.get();
        }
        return current;
    }

    private static boolean isFile(Map<String, Object> schema) {
        Object type = schema.get("type");
        boolean string =
                type == null || "string".equals(type) || type instanceof List<?> types && types.contains("string");
        return string
                && ("binary".equals(schema.get("format"))
                        || schema.get("contentMediaType") != null
                        || schema.get("contentEncoding") != null);
    }

    private static boolean isArray(Map<String, Object> schema) {
        Object type = schema.get("type");
        return "array".equals(type) || type instanceof List<?> types && types.contains("array");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<?, ?> value) {
        return (Map<String, Object>) value;
    }
}
