package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a JSON value against a JSON Schema (draft 2020-12) the way Bulwark checks tool arguments: every violation
 * named by its path ({@code $.address.zip}) and rule, and each {@code pattern} match bounded in time, so a
 * caller-supplied schema cannot stall the server with a catastrophic regular expression. For a tool that validates
 * data against a schema its caller gives: it loads no other document (no {@code classpath:}, {@code file:},
 * {@code http:} or {@code urn:} reference is ever read or fetched; a schema referring to one fails), only the JSON
 * Schema meta-schemas it bundles ({@code {"$ref":"https://json-schema.org/draft/2020-12/schema"}} checks a schema).
 * Keeps up to 256 compiled schemas; use a new check for schemas you do not want kept. Thread-safe.
 *
 * <pre>{@code
 * List<InvalidArgumentsException.Violation> problems = JsonSchemaCheck.using(mapper).violations(schema, value);
 * }</pre>
 */
public final class JsonSchemaCheck {

    private final SchemaValidator validator;

    private JsonSchemaCheck(ObjectMapper mapper) {
        this.validator = SchemaValidator.forCallerSchemas(Objects.requireNonNull(mapper, "mapper"));
    }

    /** A new check that reads schemas and values with {@code mapper}. */
    public static JsonSchemaCheck using(ObjectMapper mapper) {
        return new JsonSchemaCheck(mapper);
    }

    /**
     * Every violation of {@code schema} by {@code value} (a map, list, scalar, record or Jackson node); empty when it
     * conforms.
     *
     * @throws RuntimeException if {@code schema} is not a schema the validator can compile, or refers to another
     *     document (a {@code com.networknt.schema.SchemaException})
     */
    public List<Violation> violations(Map<String, Object> schema, Object value) {
        return validator.validate(Objects.requireNonNull(schema, "schema"), value);
    }
}
