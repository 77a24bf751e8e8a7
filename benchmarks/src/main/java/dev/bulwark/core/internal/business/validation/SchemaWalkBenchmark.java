package dev.bulwark.core.internal.business.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.bulwark.benchmarks.CpuPerOperation;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The schema check's walk of the load test's schema, from the arguments' tree to the violations: {@code library} with
 * the validator's own context for each check, {@code bulwark} as {@link SchemaValidator} checks now. Each iteration
 * prints its CPU time a call too, which a busy host moves less than time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class SchemaWalkBenchmark {

    /** {@code valid}: {@code {"email":"a@example.com"}}; {@code invalid}: five violations. */
    @Param({"valid", "invalid"})
    public String arguments;

    private Schema library;
    private SchemaValidator.CompiledSchema bulwark;
    private JsonNode tree;
    private final CpuPerOperation cpu = new CpuPerOperation();

    @Setup(Level.Trial)
    public void setUp() {
        ObjectMapper mapper = Bulwark.defaultObjectMapper();
        Map<String, Object> schema = ConformanceTools.all().stream()
                .filter(tool -> tool.name().equals("json_schema_2020_12_tool"))
                .map(Tool::inputSchema)
                .findFirst()
                .orElseThrow();
        // as SchemaValidator's registry is made
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(BoundedRegularExpressions.INSTANCE)
                .build();
        library = SchemaRegistry.withDefaultDialect(
                        SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config))
                .getSchema(mapper.valueToTree(schema));
        bulwark = new SchemaValidator(mapper).compile(schema);
        Map<String, Object> values = new LinkedHashMap<>();
        if ("valid".equals(arguments)) {
            values.put("email", "a@example.com");
        } else {
            values.put("contactMethod", "fax");
            values.put("nickname", "x");
        }
        tree = mapper.valueToTree(values);
        if (!library().equals(bulwark()) || library().size() != ("valid".equals(arguments) ? 0 : 5)) {
            throw new IllegalStateException("both ways must find the same violations: " + library() + " " + bulwark());
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.print();
    }

    /** The validator's default: a context of its own for each check, the evaluation path built at each step. */
    @Benchmark
    public List<Violation> library() {
        cpu.operation();
        List<Violation> violations = new ArrayList<>();
        for (Error error : library.validate(tree)) {
            violations.add(SchemaValidator.toViolation(error));
        }
        return violations;
    }

    /** As the pipeline checks a call's arguments. */
    @Benchmark
    public List<Violation> bulwark() {
        cpu.operation();
        return bulwark.validate(tree);
    }
}
