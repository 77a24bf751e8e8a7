package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a JSON value against a caller-given JSON Schema (draft 2020-12) as Bulwark checks tool arguments, loading no
 * other document. Thread-safe.
 */
public final class JsonSchemaCheck {

    private final SchemaValidator validator;
    private final Limits limits;

    private JsonSchemaCheck(SchemaValidator validator, Limits limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /** A new check that reads schemas and values with {@code mapper}; unbounded, see {@link #limitedTo}. */
    public static JsonSchemaCheck using(ObjectMapper mapper) {
        return new JsonSchemaCheck(SchemaValidator.forCallerSchemas(Objects.requireNonNull(mapper, "mapper")), null);
    }

    /**
     * This check, bounded by {@code limits} (sharing its compiled schemas): a check stops once it has
     * {@link Limits#violationsKept()} violations, and is refused with a {@link ToolException} naming the limit
     * past its other limits, or once its thread is interrupted (a call that timed out or was cancelled). Without
     * limits a schema of a few hundred bytes can keep a thread busy for hours, or fill the heap with violations.
     */
    public JsonSchemaCheck limitedTo(Limits limits) {
        return new JsonSchemaCheck(validator, Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Every violation of {@code schema} by {@code value} (a map, list, scalar, record or Jackson node); empty when it
     * conforms.
     *
     * @throws RuntimeException if {@code schema} is not a schema the validator can compile, or refers to another
     *     document (a {@code com.networknt.schema.SchemaException})
     */
    public List<Violation> violations(Map<String, Object> schema, Object value) {
        Objects.requireNonNull(schema, "schema");
        return limits == null ? validator.validate(schema, value) : validator.validate(schema, value, limits);
    }

    /**
     * How much one bounded check may do ({@link #limitedTo}). Immutable.
     *
     * @param steps the most steps: a keyword checked against a value, a branch of {@code anyOf}, {@code items}
     *     and the like tried, a violation found
     * @param violationsFound the most violations found in all, those an {@code anyOf} or {@code oneOf} branch,
     *     a {@code not} or an {@code if} finds and then drops included (each is held until its branch is decided)
     * @param violationsKept the most violations reported: the check stops at that many, so a list that long may
     *     not be all
     */
    public record Limits(long steps, long violationsFound, int violationsKept) {

        public Limits {
            if (steps < 1 || violationsFound < 1 || violationsKept < 1) {
                throw new IllegalArgumentException(
                        "limits must be positive: " + steps + ", " + violationsFound + ", " + violationsKept);
            }
        }
    }
}
