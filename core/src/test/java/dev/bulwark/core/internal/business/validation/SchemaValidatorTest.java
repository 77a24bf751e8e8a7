package dev.bulwark.core.internal.business.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every violation is reported with the JSON path of its field and the rule it broke. */
class SchemaValidatorTest {

    private static final Map<String, Object> SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                    "name", Map.of("type", "string"),
                    "count", Map.of("type", "integer"),
                    "color", Map.of("type", "string", "enum", List.of("RED", "GREEN")),
                    "address",
                            Map.of(
                                    "type", "object",
                                    "properties", Map.of("zip", Map.of("type", "string")),
                                    "required", List.of("zip")),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string"))),
            "required",
            List.of("name"),
            "additionalProperties",
            false);

    private final SchemaValidator validator = new SchemaValidator(new ObjectMapper());

    private static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return args;
    }

    @Test
    void conformingValueHasNoViolations() {
        assertThat(validator.validate(SCHEMA, args("name", "x", "count", 3, "color", "RED")))
                .isEmpty();
    }

    @Test
    void missingRequiredFieldIsNamed() {
        List<Violation> violations = validator.validate(SCHEMA, args());

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("$.name");
            assertThat(v.message()).contains("required");
        });
    }

    @Test
    void wrongTypeIsNamedWithTheExpectedType() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "count", "three"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("$.count");
            assertThat(v.message()).contains("integer");
        });
    }

    @Test
    void additionalPropertyIsNamed() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "admin", true));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("$.admin");
            assertThat(v.message()).contains("admin");
        });
    }

    @Test
    void enumViolationListsTheAllowedValues() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "color", "BLUE"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("$.color");
            assertThat(v.message()).contains("RED", "GREEN");
        });
    }

    @Test
    void reportsEveryViolationAtOnce() {
        List<Violation> violations = validator.validate(SCHEMA, args("count", "three", "color", "BLUE", "admin", true));

        assertThat(violations)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("$.name", "$.count", "$.color", "$.admin");
    }

    @Test
    void nestedFieldIsNamedByItsFullPath() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "address", Map.of()));

        assertThat(violations).extracting(Violation::field).containsExactly("$.address.zip");
    }

    @Test
    void arrayElementIsNamedByItsIndex() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "tags", List.of("a", 2)));

        assertThat(violations).extracting(Violation::field).containsExactly("$.tags[1]");
    }

    @Test
    void nameThatIsNotAPlainWordIsQuotedInThePath() {
        List<Violation> violations = validator.validate(SCHEMA, args("name", "x", "first name", "Ada"));

        assertThat(violations).extracting(Violation::field).containsExactly("$['first name']");
    }

    @Test
    void messageDoesNotRepeatTheFieldPath() {
        Violation violation = validator.validate(SCHEMA, args("name", 5)).get(0);

        assertThat(violation.toString()).startsWith("$.name: ").doesNotContain("/name");
    }

    @Test
    void nonObjectArgumentsAreReportedAtTheRoot() {
        List<Violation> violations = validator.validate(SCHEMA, List.of(1, 2));

        assertThat(violations).extracting(Violation::field).containsExactly("$");
    }

    @Test
    void compiledSchemaReportsTheSameViolationsAsTheSchema() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("age", Map.of("type", "integer")),
                "required",
                java.util.List.of("age"));
        SchemaValidator.CompiledSchema compiled = validator.compile(schema);

        assertThat(compiled.validate(Map.of("age", 3))).isEmpty();
        assertThat(compiled.validate(Map.of("age", "old"))).isEqualTo(validator.validate(schema, Map.of("age", "old")));
    }

    @Test
    void compiledSchemaWithARequiredFieldRefusesEmptyArguments() {
        Map<String, Object> schema = Map.of(
                "type", "object", "properties", Map.of("age", Map.of("type", "integer")), "required", List.of("age"));

        assertThat(validator.compile(schema).validate(Map.of()))
                .extracting(Violation::field)
                .containsExactly("$.age");
    }

    @Test
    void compiledSchemaWithoutRequiredFieldsAcceptsEmptyArguments() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("age", Map.of("type", "integer")));

        assertThat(validator.compile(schema).validate(Map.of())).isEmpty();
        assertThat(validator.compile(schema).validate(Map.of("age", "old"))).isNotEmpty();
    }

    @Test
    void keepsAtMostABoundedNumberOfSchemasCompiledAndStillValidatesPastIt() {
        for (int i = 0; i < SchemaValidator.MAX_CACHED_SCHEMAS + 50; i++) {
            Map<String, Object> schema = Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("f" + i, Map.of("type", "string")),
                    "required",
                    List.of("f" + i));
            assertThat(validator.validate(schema, args("other", 1)))
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.toString()).contains("f"));
        }

        assertThat(validator.cachedSchemas()).isEqualTo(SchemaValidator.MAX_CACHED_SCHEMAS);
    }

    @Test
    void checksOnOneThreadEachFindOnlyTheirOwnViolations() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> schema = mapper.readValue("""
                {"type":"object","properties":{"contactMethod":{"enum":["phone","email"]},"phone":{"type":"string"},
                 "email":{"type":"string"}},"allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
                 "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
                 "then":{"required":["phone"]},"else":{"required":["email"]},"additionalProperties":false}""", Map.class);
        SchemaValidator.CompiledSchema compiled = validator.compile(schema);
        List<Map<String, Object>> values = List.of(
                args("contactMethod", "fax", "nickname", "x"),
                args("email", "a@example.com"),
                args("contactMethod", "phone", "email", "a@example.com"),
                args("email", "a@example.com"),
                args("contactMethod", "fax", "nickname", "x"));

        for (Map<String, Object> value : values) {
            List<Violation> alone = new SchemaValidator(mapper).compile(schema).validate(value);
            assertThat(compiled.validate(value)).as("%s", value).isEqualTo(alone);
        }
        assertThat(compiled.validate(values.get(0))).hasSize(5);
    }

    @Test
    void aCheckSeesNoPropertyAnEarlierCheckEvaluated() {
        // "then" evaluates y only when x is there; the annotations saying so must not outlive their check
        Map<String, Object> schema = Map.of(
                "properties",
                Map.of("x", Map.of()),
                "if",
                Map.of("required", List.of("x")),
                "then",
                Map.of("properties", Map.of("y", Map.of())),
                "unevaluatedProperties",
                false);
        SchemaValidator.CompiledSchema compiled = validator.compile(schema);

        assertThat(compiled.validate(args("x", 1, "y", 2))).isEmpty();
        assertThat(compiled.validate(args("y", 2))).extracting(Violation::field).containsExactly("$");
        assertThat(compiled.validate(args("x", 1, "y", 2))).isEmpty();
    }
}
