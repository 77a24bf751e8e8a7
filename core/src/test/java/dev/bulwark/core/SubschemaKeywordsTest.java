package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubschemaKeywordsTest {

    @Test
    void visitsEachSchemaInsideWithItsPlace() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("name", Map.of("type", "string")));
        schema.put("allOf", List.of(Map.of("required", List.of("name")), true));
        schema.put("not", Map.of("type", "null"));
        schema.put("items", List.of(Map.of("type", "integer")));
        schema.put("enum", List.of(Map.of("type", "not a schema")));
        Map<String, Object> visited = new LinkedHashMap<>();

        SubschemaKeywords.forEachSubschema(schema, visited::put);

        assertThat(visited)
                .containsOnlyKeys(".properties.name", ".allOf[0]", ".allOf[1]", ".not", ".items[0]")
                .containsEntry(".allOf[1]", true)
                .containsEntry(".not", Map.of("type", "null"));
    }

    @Test
    void skipsSchemasByNameThatAreNotAnObject() {
        Map<String, Object> visited = new LinkedHashMap<>();

        SubschemaKeywords.forEachSubschema(Map.of("properties", List.of("a"), "$defs", "x"), visited::put);

        assertThat(visited).isEmpty();
    }

    @Test
    void tellsTheTwoShapesApart() {
        assertThat(SubschemaKeywords.holdsSchemaOrList("additionalProperties")).isTrue();
        assertThat(SubschemaKeywords.holdsSchemasByName("additionalProperties")).isFalse();
        assertThat(SubschemaKeywords.holdsSchemasByName("$defs")).isTrue();
        assertThat(SubschemaKeywords.holdsSchemaOrList("required")).isFalse();
    }
}
