package dev.bulwark.core.business.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.bulwark.core.error.InvalidArgumentsException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON value against a JSON Schema (draft 2020-12, with the networknt validator) and reports every
 * violation with the path of the field and the rule it broke. Compiled schemas are kept per schema identity (one
 * per tool), so the cost of compiling is paid once. Thread-safe.
 */
public final class SchemaValidator {

    private final ObjectMapper mapper;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<Map<String, Object>, Schema> compiled = new ConcurrentHashMap<>();

    public SchemaValidator(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Every violation of {@code schema} by {@code value}; empty when it conforms. */
    public List<Violation> validate(Map<String, Object> schema, Object value) {
        Schema compiledSchema = compiled.computeIfAbsent(schema, s -> registry.getSchema(mapper.valueToTree(s)));
        JsonNode node = value instanceof JsonNode json ? json : mapper.valueToTree(value);
        List<Violation> violations = new ArrayList<>();
        for (Error error : compiledSchema.validate(node)) {
            violations.add(toViolation(error));
        }
        return violations;
    }

    private static Violation toViolation(Error error) {
        String location = error.getInstanceLocation() == null ? "$" : error.getInstanceLocation().toString();
        String field = location;
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            field = location + "." + error.getProperty();
        }
        String message = error.getMessage();
        if (message != null && message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return new Violation(field, message == null ? error.getKeyword() : message);
    }
}
