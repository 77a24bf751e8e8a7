package dev.bulwark.benchmarks;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the input schema check costs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(5)
public class SchemaValidationBenchmark {

    /** The conformance tool with the richest JSON Schema 2020-12 input schema. */
    static final String RICH_TOOL = "json_schema_2020_12_tool";
    /** A conformance tool without arguments. */
    static final String NO_ARGUMENTS_TOOL = "test_simple_text";

    private SchemaValidator.CompiledSchema rich;
    private SchemaValidator.CompiledSchema empty;
    private Map<String, Object> validArguments;
    private Map<String, Object> invalidArguments;
    private Map<String, Object> noArguments;

    @Setup(Level.Trial)
    public void setUp() {
        SchemaValidator validator = new SchemaValidator(Bulwark.defaultObjectMapper());
        rich = validator.compile(inputSchema(RICH_TOOL));
        empty = validator.compile(inputSchema(NO_ARGUMENTS_TOOL));
        // As the SDK hands them over: a LinkedHashMap parsed from the request.
        validArguments = new LinkedHashMap<>();
        validArguments.put("email", "a@example.com");
        invalidArguments = new LinkedHashMap<>();
        invalidArguments.put("contactMethod", "fax");
        invalidArguments.put("nickname", "x");
        noArguments = new LinkedHashMap<>();
        expect(rich.validate(validArguments), 0, "the valid arguments");
        expect(rich.validate(invalidArguments), 5, "the invalid arguments");
        expect(empty.validate(noArguments), 0, "no arguments");
    }

    private static Map<String, Object> inputSchema(String toolName) {
        for (Tool<?, ?> tool : ConformanceTools.all()) {
            if (tool.name().equals(toolName)) {
                return tool.inputSchema();
            }
        }
        throw new IllegalStateException("no conformance tool " + toolName);
    }

    private static void expect(List<Violation> violations, int count, String what) {
        if (violations.size() != count) {
            throw new IllegalStateException(what + " must have " + count + " violations, not " + violations);
        }
    }

    /** {@code {"email":"a@example.com"}}: conforms. */
    @Benchmark
    public List<Violation> valid() {
        return rich.validate(validArguments);
    }

    /** {@code {"contactMethod":"fax","nickname":"x"}}: five violations. */
    @Benchmark
    public List<Violation> invalid() {
        return rich.validate(invalidArguments);
    }

    /** {@code {}} against a tool without arguments. */
    @Benchmark
    public List<Violation> noArguments() {
        return empty.validate(noArguments);
    }
}
