package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON Schemas generated at build time and shipped as class-path resources. Stateless.
 */
final class SchemaResources {

    /** The class-path folder of the pre-generated schemas. */
    public static final String FOLDER = "META-INF/bulwark/tool-schemas/";

    private SchemaResources() {}

    /** The resource name of {@code type}'s schema. */
    public static String resourceName(Class<?> type) {
        return FOLDER + type.getName() + ".json";
    }

    /**
     * {@code type}'s pre-generated schema as a map, or {@code null} when its class path holds none.
     *
     * @throws UncheckedIOException when the resource exists but cannot be read as a JSON object
     */
    static Map<String, Object> read(Class<?> type, ObjectMapper mapper) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(resourceName(type))) {
            if (in == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = mapper.readValue(in, Map.class);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable schema resource " + resourceName(type), e);
        }
    }

    /**
     * {@code type}'s schema generated now, as the text of the resource {@link #read} finds: the build that ships
     * the schemas writes it (the core itself writes no file).
     */
    static String text(Class<?> type) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(JsonSchemas.generated(type))
                    + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the schema of " + type.getName() + " cannot be written as JSON", e);
        }
    }
}
