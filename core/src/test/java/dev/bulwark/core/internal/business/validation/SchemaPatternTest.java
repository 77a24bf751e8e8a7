package dev.bulwark.core.internal.business.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pattern} and {@code patternProperties}: matched as the validator's JDK engine does, and never for long. Each
 * catastrophic case here would backtrack for far longer than the test's timeout without the bound.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaPatternTest {

    /**
     * Nested repetition against a value that almost matches. The JDK's engine remembers where a {@code (a+)+} failed,
     * but not inside a counted repetition: this one takes seconds on 30 letters and grows exponentially.
     */
    private static final String CATASTROPHIC = "^(.*a){20}$";

    private static final String ALMOST = "a".repeat(40) + "!";

    private final SchemaValidator validator = new SchemaValidator(new ObjectMapper());

    @Test
    void aMatchingValueHasNoViolation() {
        assertThat(validator.validate(Map.of("type", "string", "pattern", "^[a-z]+$"), "abc"))
                .isEmpty();
    }

    @Test
    void aValueThePatternRefusesIsAViolation() {
        assertThat(validator.validate(Map.of("type", "string", "pattern", "^[a-z]+$"), "ab1"))
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("^[a-z]+$");
    }

    @Test
    void dollarMeansTheEndOfTheValueAsInEcmaScript() {
        assertThat(validator.validate(Map.of("type", "string", "pattern", "^a$"), "a\n"))
                .hasSize(1);
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsStoppedAndNamedInTheViolation() {
        List<Violation> violations = validator.validate(Map.of("type", "string", "pattern", CATASTROPHIC), ALMOST);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("$");
            assertThat(violation.message())
                    .contains("could not be checked against the pattern '^(.*a){20}$' in time")
                    .contains("41 characters")
                    .contains("limit " + BoundedRegularExpressions.MATCH_TIME_LIMIT.toMillis() + " ms");
        });
    }

    @Test
    void aToolsCompiledSchemaIsBoundedToo() {
        SchemaValidator.CompiledSchema schema = validator.compile(Map.of(
                "type", "object", "properties", Map.of("name", Map.of("type", "string", "pattern", CATASTROPHIC))));

        assertThat(schema.validate(Map.of("name", ALMOST)))
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("in time");
    }

    @Test
    void patternPropertiesAreBoundedToo() {
        Map<String, Object> schema =
                Map.of("type", "object", "patternProperties", Map.of(CATASTROPHIC, Map.of("type", "integer")));

        assertThat(validator.validate(schema, Map.of(ALMOST, 1)))
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("in time");
    }

    @Test
    void theValidatorIsUsableAgainAfterAStoppedMatch() {
        validator.validate(Map.of("type", "string", "pattern", CATASTROPHIC), ALMOST);

        // A value that matches at once: twenty a's do match the catastrophic pattern, but only after ~60 ms of
        // backtracking on a cold JVM, too close to the limit for a test.
        assertThat(validator.validate(Map.of("type", "string", "pattern", "^[a-z]+$"), "abc"))
                .isEmpty();
    }

    @Test
    void aMatchStopsWhenItsThreadIsInterrupted() throws Exception {
        SchemaValidator patient =
                new SchemaValidator(new ObjectMapper(), new BoundedRegularExpressions(Duration.ofHours(1)));
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<List<Violation>> result = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            return patient.validate(Map.of("type", "string", "pattern", CATASTROPHIC), ALMOST);
        });
        while (worker.get() == null) {
            Thread.onSpinWait();
        }
        awaitInsideTheMatch(worker.get());

        worker.get().interrupt();

        assertThat(result.get(30, TimeUnit.SECONDS))
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("in time");
    }

    /** Waits until {@code thread} runs the bounded match itself, so the interrupt lands in the middle of it. */
    private static void awaitInsideTheMatch(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!matching(thread.getStackTrace())) {
            assertThat(System.nanoTime()).as("the match started").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static boolean matching(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals("java.util.regex.Matcher"))
                && Arrays.stream(stack)
                        .anyMatch(frame -> frame.getClassName().startsWith(BoundedRegularExpressions.class.getName()));
    }
}
