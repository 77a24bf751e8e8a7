package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(check.violations(schema, mapper.valueToTree(Map.of("zip", 12345))))
                .isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "classpath:dev/bulwark/core/not-for-callers.json#/secret",
                "resource:dev/bulwark/core/not-for-callers.json#/secret",
                "classpath:no/such/resource.json",
                "https://json-schema.org/dev/bulwark/core/not-for-callers.json#/secret",
                "file:///etc/hostname",
                "http://127.0.0.1:9/schema.json",
                "urn:example:schema"
            })
    void aReferenceToAnyOtherDocumentIsRefusedBeforeAnythingIsRead(String iri) {
        // The classpath resource exists: the library's default loader read it, and the violation told a caller its
        // content; the https one was mapped onto the same classpath resource
        Map<String, Object> caller = Map.of("properties", Map.of("enum", Map.of("$ref", iri)));

        assertThatThrownBy(() -> check.violations(caller, Map.of("enum", 5)))
                .hasMessageContaining("is not allowed to be loaded");
    }

    @Test
    void theBundledMetaSchemasStillCheckASchema() {
        Map<String, Object> metaSchema = Map.of("$ref", "https://json-schema.org/draft/2020-12/schema");

        assertThat(check.violations(metaSchema, Map.of("type", "integr"))).isNotEmpty();
        assertThat(check.violations(metaSchema, schema)).isEmpty();
        assertThat(check.violations(Map.of("$ref", "http://json-schema.org/draft-07/schema#"), Map.of("minimum", "0")))
                .isNotEmpty();
    }

    @Test
    void aLimitedCheckStopsOnceItHasKeptItsViolations() {
        JsonSchemaCheck limited = check.limitedTo(new JsonSchemaCheck.Limits(1_000_000, 1_000_000, 10));

        List<Violation> violations =
                limited.violations(Map.of("items", Map.of("type", "string")), java.util.Collections.nCopies(500, 1));

        assertThat(violations).hasSize(10);
        assertThat(violations.get(9).field()).isEqualTo("$[9]");
    }

    @Test
    void aLimitedCheckIsRefusedPastItsSteps() {
        JsonSchemaCheck limited = check.limitedTo(new JsonSchemaCheck.Limits(1000, 1_000_000, 10));

        assertThatThrownBy(() -> limited.violations(
                        Map.of("items", Map.of("type", "integer")), java.util.Collections.nCopies(2000, 1)))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("more than 1000 steps");
    }

    @Test
    void aLimitedCheckIsRefusedPastTheViolationsItMayFindEvenWhereABranchDropsThem() {
        // each number fails both anyOf branches; "not" drops all of it, so none would ever be reported
        Map<String, Object> schema = Map.of(
                "not", Map.of("items", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "boolean")))));
        JsonSchemaCheck limited = check.limitedTo(new JsonSchemaCheck.Limits(1_000_000, 500, 10));

        assertThatThrownBy(() -> limited.violations(schema, java.util.Collections.nCopies(1000, 1)))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("more than 500 violations found");
    }

    @Test
    void aLimitedCheckStopsWhenItsThreadIsInterrupted() {
        JsonSchemaCheck limited = check.limitedTo(new JsonSchemaCheck.Limits(1_000_000, 1_000_000, 10));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> limited.violations(schema, Map.of("zip", "12345")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("cancelled or ran out of time");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aLimitedCheckFindsWhatAnUnlimitedOneFinds() {
        JsonSchemaCheck limited = check.limitedTo(new JsonSchemaCheck.Limits(1_000_000, 1_000_000, 10));

        assertThat(limited.violations(schema, Map.of("zip", "12a45")))
                .isEqualTo(check.violations(schema, Map.of("zip", "12a45")));
    }
}
