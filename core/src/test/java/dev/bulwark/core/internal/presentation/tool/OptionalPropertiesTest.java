package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Optional properties: a plain type in the input schema clients are shown, and null accepted when checked. */
class OptionalPropertiesTest {

    enum Order {
        @JsonProperty("asc")
        ASC,
        @JsonProperty("desc")
        DESC
    }

    record Page(int number, Optional<Integer> size) {}

    record Query(
            String table,
            @ToolParam(required = false) Integer limit,
            Optional<Boolean> distinct,
            OptionalInt offset,
            Optional<Order> order,
            Optional<Page> page,
            Optional<List<String>> columns) {}

    private final Map<String, Object> published = JsonSchemas.forInputType(Query.class);
    private final SchemaValidator validator = new SchemaValidator(new ObjectMapper());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
    }

    @Test
    void optionalPropertiesAreShownWithTheirPlainType() {
        assertThat(property(published, "limit")).containsEntry("type", "integer");
        assertThat(property(published, "distinct")).containsEntry("type", "boolean");
        assertThat(property(published, "offset")).containsEntry("type", "integer");
        assertThat(property(published, "columns")).containsEntry("type", "array");
        assertThat(published.toString()).doesNotContain("null");
    }

    @Test
    void anOptionalRecordIsShownAsAnObjectWhoseOwnOptionalPropertiesArePlainToo() {
        Map<String, Object> page = property(published, "page");
        assertThat(page).containsEntry("type", "object");
        assertThat(property(page, "size")).containsEntry("type", "integer");
    }

    @Test
    void anOptionalEnumIsShownWithItsValuesOnly() {
        assertThat(property(published, "order").get("enum")).isEqualTo(List.of("asc", "desc"));
    }

    @Test
    void optionalPropertiesStayOutOfRequired() {
        assertThat(published.get("required")).isEqualTo(List.of("table"));
    }

    @Test
    void whatClientsFillFromThePublishedSchemaIsAccepted() {
        Map<String, Object> arguments = Map.of(
                "table",
                "users",
                "limit",
                5,
                "distinct",
                true,
                "offset",
                10,
                "order",
                "desc",
                "page",
                Map.of("number", 2, "size", 20),
                "columns",
                List.of("id"));

        assertThat(validator.validate(published, new ObjectMapper().valueToTree(arguments)))
                .isEmpty();
    }

    @Test
    void theCheckedSchemaAcceptsNullForEveryOptionalPropertyAtAnyDepth() {
        Map<String, Object> checked = OptionalProperties.acceptingNull(published);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("table", "users");
        for (String name : List.of("limit", "distinct", "offset", "order", "columns")) {
            arguments.put(name, null);
        }
        Map<String, Object> page = new HashMap<>();
        page.put("number", 1);
        page.put("size", null);
        arguments.put("page", page);

        assertThat(validator.validate(checked, new ObjectMapper().valueToTree(arguments)))
                .isEmpty();
    }

    @Test
    void theCheckedSchemaStillRefusesNullForARequiredPropertyAndAWrongType() {
        Map<String, Object> checked = OptionalProperties.acceptingNull(published);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("table", null);
        arguments.put("limit", "5");

        assertThat(validator.validate(checked, new ObjectMapper().valueToTree(arguments)))
                .extracting(violation -> violation.field())
                .contains("$.table", "$.limit");
    }

    @Test
    void theOutputSchemaKeepsNullForWhatJacksonWritesAsNull() {
        assertThat(property(JsonSchemas.forType(Query.class), "limit"))
                .containsEntry("type", List.of("integer", "null"));
    }
}
