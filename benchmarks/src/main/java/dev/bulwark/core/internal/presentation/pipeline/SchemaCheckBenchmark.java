package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import java.util.Collections;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a call's schema check and the binding of its input cost together: {@code before} converts the arguments'
 * map twice (to a tree for the check, to the input type for the handler), {@code after} builds one tree read by both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class SchemaCheckBenchmark {

    /** An order as a record input binds it. */
    public record Order(String email, String nickname, Integer quantity) {}

    /**
     * {@code map}: the load test's tool, free-form (its input is the map itself) with a JSON Schema 2020-12;
     * {@code record}: a tool whose input is a record, its schema generated from it.
     */
    @Param({"map", "record"})
    public String input;

    private final ObjectMapper mapper = Bulwark.defaultObjectMapper();
    private SchemaValidator.CompiledSchema schema;
    private Class<?> inputType;
    private Map<String, Object> arguments;

    @Setup(Level.Trial)
    public void setUp() {
        arguments = new LinkedHashMap<>();
        arguments.put("email", "a@example.com");
        Tool<?, ?> tool;
        if ("map".equals(input)) {
            tool = ConformanceTools.all().stream()
                    .filter(t -> t.name().equals("json_schema_2020_12_tool"))
                    .findFirst()
                    .orElseThrow();
        } else {
            tool = Tool.builder("order", Order.class, Void.class)
                    .description("Takes an order")
                    .handler((order, context) -> ToolResult.text("ok"))
                    .build();
            arguments.put("nickname", "ann");
            arguments.put("quantity", 3);
        }
        inputType = tool.inputType();
        schema = new SchemaValidator(mapper).compile(tool.inputSchema());
        if (!before().equals(after())) {
            throw new IllegalStateException("both ways must bind the same input");
        }
    }

    /**
     * The way before one tree: the invocation's copy of the map, the map converted to a tree for the check and
     * converted again for the binding.
     */
    @Benchmark
    public Object before() {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        List<Violation> violations = schema.validate(copy); // the map to a tree, through a token buffer
        if (!violations.isEmpty()) {
            throw new IllegalStateException(violations.toString());
        }
        return inputType == Map.class ? copy : mapper.convertValue(copy, inputType);
    }

    /** One tree, built node by node from the map, checked and bound. */
    @Benchmark
    public Object after() {
        CallArguments call = CallArguments.of(arguments);
        List<Violation> violations = schema.validate(call.tree(mapper));
        if (!violations.isEmpty()) {
            throw new IllegalStateException(violations.toString());
        }
        if (inputType == Map.class) {
            return call;
        }
        try {
            return mapper.treeToValue(call.tree(mapper), inputType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
