package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaCheckTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonSchemaCheck check = JsonSchemaCheck.using(mapper);
    private final Map<String, Object> schema = Map.of(
            "type", "object",
            "properties", Map.of("zip", Map.of("type", "string", "pattern", "^[0-9]{5}$")),
            "required", List.of("zip"));

    @Test
    void aConformingValueHasNoViolations() {
        assertThat(check.violations(schema, Map.of("zip", "12345"))).isEmpty();
    }

    @Test
    void eachViolationNamesItsPath() {
        List<Violation> violations = check.violations(schema, Map.of("zip", "12a45"));

        assertThat(violations).extracting(Violation::field).containsExactly("$.zip");
    }

    @Test
    void aMissingRequiredFieldIsAViolation() {
        assertThat(check.violations(schema, Map.of())).isNotEmpty();
    }

    @Test
    void aJacksonTreeIsCheckedLikeTheValueItHolds() {
        assertThat(check.violations(schema, mapper.valueToTree(Map.of("zip", 12345)))).isNotEmpty();
    }
}
