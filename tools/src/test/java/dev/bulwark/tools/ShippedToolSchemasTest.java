package dev.bulwark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schemas the build generates for the shipped tools ({@link ShippedToolSchemas}, run by tools/pom.xml before
 * the tests): each one on the class path is what the generator makes of its type now, so the jar cannot ship a stale
 * or missing schema. The build writes them just before, so what this catches is that step dropped, skipped or
 * writing elsewhere, and a schema left from a type no tool uses any more.
 */
class ShippedToolSchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyShippedToolTypeHasAResourceEqualToWhatTheGeneratorMakesNow() {
        assertThat(ShippedToolSchemas.types()).isNotEmpty().allSatisfy(type -> {
            Map<String, Object> resource = resource(JsonSchemas.resourceName(type));
            assertThat(resource)
                    .as("%s: missing or stale; the build writes it (tools/pom.xml, shipped-tool-schemas)", type)
                    .isEqualTo(JsonSchemas.generated(type));
        });
    }

    @Test
    void theFolderHoldsNoSchemaOfATypeNoShippedToolUses() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource(JsonSchemas.resourceFolder());
        assertThat(folder)
                .as("the build writes " + JsonSchemas.resourceFolder())
                .isNotNull();
        Set<String> expected = ShippedToolSchemas.types().stream()
                .map(type -> type.getName() + ".json")
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static Map<String, Object> resource(String name) {
        try (InputStream in = ShippedToolSchemasTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = MAPPER.readValue(in, Map.class);
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
