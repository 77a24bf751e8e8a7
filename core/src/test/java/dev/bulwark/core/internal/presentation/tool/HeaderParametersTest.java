package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.presentation.tool.HeaderParameters.HeaderParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The x-mcp-header annotations of an input schema, read and held to the 2026-07-28 rules. */
class HeaderParametersTest {

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> annotated(String type, Object header) {
        return Map.of("type", type, "x-mcp-header", header);
    }

    @Test
    void annotationsReachedThroughPropertiesAloneAreReadWithTheirPaths() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("region", annotated("string", "Region"));
        properties.put("query", Map.of("type", "string"));
        properties.put("options", object(Map.of("limit", annotated("integer", "Limit"))));
        properties.put("verbose", Map.of("type", List.of("boolean", "null"), "x-mcp-header", "Verbose"));

        List<HeaderParameter> parameters = HeaderParameters.of("route", object(properties));

        assertThat(parameters)
                .containsExactly(
                        new HeaderParameter(List.of("region"), "Region"),
                        new HeaderParameter(List.of("options", "limit"), "Limit"),
                        new HeaderParameter(List.of("verbose"), "Verbose"));
        assertThat(parameters.get(1).headerKey()).isEqualTo("mcp-param-limit");
        assertThat(parameters.get(1).headerName()).isEqualTo("Mcp-Param-Limit");
        assertThat(parameters.get(1).argument()).isEqualTo("arguments.options.limit");
    }

    @Test
    void aSchemaWithoutAnnotationsHasNoHeaderParameters() {
        assertThat(HeaderParameters.of("plain", object(Map.of("query", Map.of("type", "string")))))
                .isEmpty();
    }

    @Test
    void anEmptyOrNonTokenHeaderNameIsRefusedNamingTheToolAndTheArgument() {
        for (Object name : List.of("", "My Region", "Region:Primary", "Région", "Region\t1", 7)) {
            assertThatThrownBy(() -> HeaderParameters.of("route", object(Map.of("region", annotated("string", name)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tool 'route'")
                    .hasMessageContaining("arguments.region");
        }
    }

    @Test
    void aNumberObjectArrayOrUntypedParameterCannotBeCarriedInAHeader() {
        for (String type : List.of("number", "object", "array", "null")) {
            assertThatThrownBy(() -> HeaderParameters.of("route", object(Map.of("score", annotated(type, "Score")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("arguments.score must have type string, integer or boolean");
        }
        assertThatThrownBy(() -> HeaderParameters.of("route", object(Map.of("any", Map.of("x-mcp-header", "Any")))))
                .hasMessageContaining("not no type");
    }

    @Test
    void theSameHeaderNameTwiceIgnoringCaseIsRefused() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("field1", annotated("string", "MyField"));
        properties.put("field2", annotated("string", "myfield"));

        assertThatThrownBy(() -> HeaderParameters.of("route", object(properties)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arguments.field2 and arguments.field1 both use the header name");
    }

    @Test
    void anAnnotationUnderItemsACompositionOrDefsIsNotStaticallyReachable() {
        List<Map<String, Object>> schemas = List.of(
                object(Map.of(
                        "tags", Map.of("type", "array", "items", object(Map.of("tag", annotated("string", "Tag")))))),
                Map.of("anyOf", List.of(object(Map.of("region", annotated("string", "Region"))))),
                Map.of(
                        "$defs",
                        Map.of("where", annotated("string", "Where")),
                        "properties",
                        Map.of("where", Map.of("$ref", "#/$defs/where"))),
                Map.of("type", "object", "x-mcp-header", "Root"));
        for (Map<String, Object> schema : schemas) {
            assertThatThrownBy(() -> HeaderParameters.of("route", schema))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not reached from the root through properties alone");
        }
    }

    @Test
    void aPropertyNamedLikeTheKeywordOrAnEnumValueHoldingItIsNoAnnotation() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("x-mcp-header", Map.of("type", "string"));
        properties.put("choice", Map.of("type", "object", "default", Map.of("x-mcp-header", "data")));

        assertThat(HeaderParameters.of("route", object(properties))).isEmpty();
    }

    @Test
    void aToolWhoseAnnotationBreaksARuleIsRefusedWhenBuilt() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> free = (Class) Map.class;

        assertThatThrownBy(() -> Tool.builder("route", free, Void.class)
                        .description("Routes")
                        .inputSchema(object(Map.of("score", annotated("number", "Score"))))
                        .handler((input, context) -> ToolResult.text("ok"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'route' has an invalid x-mcp-header annotation");
    }
}
