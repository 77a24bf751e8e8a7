package dev.bulwark.tools.business.processing;

import static dev.bulwark.tools.business.processing.QuotedJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ToolException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * No caller's schema holds a thread, a CPU or the heap: a schema that expands beyond the limit is refused before
 * it is compiled, a check that takes too many steps is stopped, and violations are kept up to a limit.
 */
class ValidationLimitsTest {

    /**
     * A runaway guard, not a measure: the refusals below take milliseconds and the check stopped at its step limit
     * about two seconds; unbounded, each took minutes or the whole heap. What shows the limit is the refusal.
     */
    private static final Duration FAST = Duration.ofSeconds(60);

    private final ObjectMapper mapper = new ObjectMapper();
    private final DataProcessingService service = DataProcessingService.on(mapper);

    /** {@code {"x":{"x":...1...}}}, {@code depth} levels deep. */
    private JsonNode nested(int depth) {
        return json("{'x':".repeat(depth) + "1" + "}".repeat(depth));
    }

    @Test
    void refusesASchemaWhoseDefinitionsEachReferToTheOneBelowTwiceAndSaysSoFast() {
        // 1.4 KB: 2^32 subschemas once expanded; N=26 took 10 s, N=30 outlived the tool's 30 s time limit
        JsonNode schema = json(SchemaExpansionTest.doubling(30, "number"));

        assertTimeoutPreemptively(
                FAST,
                () -> assertThatThrownBy(() -> service.validate(json("1"), schema))
                        .isInstanceOf(ToolException.class)
                        .hasMessageStartingWith("schema is too large once its references are expanded")
                        .hasMessageContaining(String.valueOf(SchemaValidation.MAX_EXPANDED_SUBSCHEMAS)));
    }

    @Test
    void refusesSuchASchemaBeforeItsViolationsFillTheHeap() {
        // with string leaves each of the 2^23 leaves was a violation of the number 1: a 1 GB heap ran out
        JsonNode schema = json(SchemaExpansionTest.doubling(23, "string"));

        assertTimeoutPreemptively(
                FAST,
                () -> assertThatThrownBy(() -> service.validate(json("1"), schema))
                        .isInstanceOf(ToolException.class)
                        .hasMessageContaining("too large once its references are expanded"));
    }

    @Test
    void stillChecksASchemaThatExpandsWithinTheLimit() {
        // 2^15 - 2 subschemas: each of the 2^13 leaves is a violation, and the first thousand are reported
        ValidationReport report = service.validate(json("1"), json(SchemaExpansionTest.doubling(13, "string")));

        assertThat(report.valid()).isFalse();
        assertThat(report.violations()).hasSize(SchemaValidation.MAX_VIOLATIONS);
        assertThat(report.truncated()).isTrue();
    }

    @Test
    void reportsTheFirstViolationsAndSaysThereAreMore() {
        JsonNode numbers = json("[" + "1,".repeat(4999) + "1]");

        ValidationReport report = service.validate(numbers, json("{'items':{'type':'string'}}"));

        assertThat(report.violations()).hasSize(SchemaValidation.MAX_VIOLATIONS);
        assertThat(report.violations().get(0).path()).isEqualTo("$[0]");
        assertThat(report.truncated()).isTrue();
    }

    @Test
    void reportsEveryViolationUpToTheLimitWithoutSayingThereAreMore() {
        JsonNode numbers = json("[" + "1,".repeat(SchemaValidation.MAX_VIOLATIONS - 1) + "1]");

        ValidationReport report = service.validate(numbers, json("{'items':{'type':'string'}}"));

        assertThat(report.violations()).hasSize(SchemaValidation.MAX_VIOLATIONS);
        assertThat(report.truncated()).isFalse();
    }

    @Test
    void stopsACheckWhoseWorkDoublesWithEachLevelOfTheDataFast() {
        // 60 bytes of schema, small once expanded, but each level of data is checked by both branches: 2^40 checks
        JsonNode schema = json("{'allOf':[{'properties':{'x':{'$ref':'#'}}},{'properties':{'x':{'$ref':'#'}}}]}");

        assertTimeoutPreemptively(
                FAST,
                () -> assertThatThrownBy(() -> service.validate(nested(40), schema))
                        .isInstanceOf(ToolException.class)
                        .hasMessageStartingWith("schema check stopped")
                        .hasMessageContaining(SchemaValidation.LIMITS.steps() + " steps"));
    }

    @Test
    void stillChecksSuchASchemaOnShallowData() {
        JsonNode schema = json("{'allOf':[{'properties':{'x':{'$ref':'#'}}},{'properties':{'x':{'type':'object'}}}]}");

        assertThat(service.validate(nested(30), schema).violations())
                .extracting(ValidationReport.Violation::path)
                .containsExactly("$" + ".x".repeat(30));
    }

    @Test
    void validatesARecursiveSchemaThroughItsPropertiesOnDeepData() {
        JsonNode schema = json(
                "{'$defs':{'n':{'type':'object','properties':{'x':{'$ref':'#/$defs/n'}}}}," + "'$ref':'#/$defs/n'}");

        assertThat(service.validate(json("{'x':".repeat(300) + "{}" + "}".repeat(300)), schema)
                        .valid())
                .isTrue();
    }
}
