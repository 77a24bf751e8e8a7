package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schemas the build generated, read from the class path instead of generated at start. */
class SchemaResourcesTest {

    /** Has a resource in this module's test resources, which says something the generator never would. */
    record Prebuilt(String name) {}

    /** Has no resource. */
    record Unbuilt(String name, int count) {}

    @Test
    void aTypeWithASchemaResourceGetsTheResourceNotAGeneratedSchema() {
        Map<String, Object> schema = JsonSchemas.forType(Prebuilt.class);

        assertThat(schema).containsEntry("description", "read from the resource, not generated");
        assertThat(JsonSchemas.generated(Prebuilt.class)).doesNotContainKey("description");
    }

    @Test
    void aTypeWithoutOneIsGeneratedAsBefore() {
        assertThat(JsonSchemas.forType(Unbuilt.class))
                .isEqualTo(JsonSchemas.generated(Unbuilt.class))
                .containsEntry("type", "object")
                .containsKey("properties");
    }

    @Test
    void theResourceIsNamedAfterTheBinaryClassName() {
        assertThat(SchemaResources.resourceName(Prebuilt.class))
                .isEqualTo(
                        "META-INF/bulwark/tool-schemas/dev.bulwark.core.internal.presentation.tool.SchemaResourcesTest$Prebuilt.json");
    }

    @Test
    void resourceTextIsTheGeneratedSchema() throws Exception {
        assertThat(new ObjectMapper().readValue(SchemaResources.text(Unbuilt.class), Map.class))
                .isEqualTo(JsonSchemas.generated(Unbuilt.class));
        assertThat(JsonSchemas.resourceText(Unbuilt.class)).endsWith("}\n");
    }
}
