package dev.bulwark.core.internal.business.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaPatternsTest {

    @Test
    void aSchemaWhosePatternsCompileHasNoProblem() {
        assertThat(SchemaPatterns.invalidIn(Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("code", Map.of("type", "string", "pattern", "^[A-Z]{3}$")))))
                .isEmpty();
    }

    @Test
    void aNestedPatternThatDoesNotCompileIsNamedWithItsPath() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("items", Map.of("type", "array", "items", Map.of("type", "string", "pattern", "[a-"))));

        assertThat(SchemaPatterns.invalidIn(schema))
                .singleElement()
                .asString()
                .startsWith("$.properties.items.items.pattern '[a-': ");
    }

    @Test
    void patternPropertiesNamesAndCombinedSubschemasAreChecked() {
        Map<String, Object> schema = Map.of(
                "patternProperties", Map.of("(unclosed", Map.of("type", "string")),
                "anyOf", List.of(Map.of("pattern", "ok"), Map.of("pattern", "*bad")));

        assertThat(SchemaPatterns.invalidIn(schema))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("$.patternProperties['(unclosed']"))
                .anySatisfy(problem -> assertThat(problem).startsWith("$.anyOf[1].pattern '*bad'"));
    }

    @Test
    void aPropertyNamedPatternAndDataInConstOrExamplesAreNotPatterns() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("pattern", Map.of("type", "string")),
                "examples",
                List.of(Map.of("pattern", "[not-a-schema")),
                "const",
                Map.of("pattern", "("));

        assertThat(SchemaPatterns.invalidIn(schema)).isEmpty();
    }
}
