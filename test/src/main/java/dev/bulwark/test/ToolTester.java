package dev.bulwark.test;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Runs a tool through a real Bulwark pipeline, as a client's call runs: argument validation and binding, the scope
 * check, the rate limit, the response cache, the timeout and the error mapping. A test is a few lines:
 *
 * <pre>{@code
 * try (ToolTester tester = ToolTester.of(greetTool)) {
 *     assertThat(tester.call(greetTool, new GreetInput("Ada")).value().message()).isEqualTo("Hello, Ada!");
 *     assertThat(tester.call("greet", Map.of()).errorType()).isEqualTo("invalid_arguments");
 *     assertThat(tester.caller("bob").call("greet", Map.of("name", "Ada")).errorType())
 *             .isEqualTo("permission_denied");
 * }
 * }</pre>
 *
 * <p>The caller: unless {@link #caller} names one, every call runs as principal {@code tester} holding exactly the
 * scopes the called tool requires ({@link Tool#requiredScopes()}).
 *
 * <p>Close the tester: with try-with-resources, or in an {@code @AfterEach}. Closing it closes its {@link Bulwark},
 * which stops the handler executor. The testers {@link #caller} returns share that Bulwark; close one of them.
 *
 * <p>Thread-safe: a tester is immutable and its Bulwark is thread-safe, so a test may call from several threads.
 */
public final class ToolTester implements AutoCloseable {

    private static final TypeRef<Map<String, Object>> ARGUMENTS = new TypeRef<>() { };

    private final Bulwark bulwark;
    private final Principal caller;
    private final AtomicLong requests;

    private ToolTester(Bulwark bulwark, Principal caller, AtomicLong requests) {
        this.bulwark = bulwark;
        this.caller = caller;
        this.requests = requests;
    }

    /** A tester of a server with the default config ({@link BulwarkConfig#defaults()}) and these tools only. */
    public static ToolTester of(Tool<?, ?>... tools) {
        return of(Bulwark.builder(BulwarkConfig.defaults()).tools(Arrays.asList(tools)).build());
    }

    /**
     * A tester of {@code bulwark}: any config, packs, stores, clock, ticker or meter registry. The tester owns it:
     * closing the tester closes it.
     */
    public static ToolTester of(Bulwark bulwark) {
        return new ToolTester(Objects.requireNonNull(bulwark, "bulwark"), null, new AtomicLong());
    }

    /** A tester of the same server whose calls run as {@code subject} holding exactly {@code scopes}. */
    public ToolTester caller(String subject, String... scopes) {
        return new ToolTester(bulwark, Principal.of(subject, scopes), requests);
    }

    /** Calls the tool registered as {@code toolName} with {@code arguments}, the JSON object a client sends. */
    public CallOutcome<Object> call(String toolName, Map<String, ?> arguments) {
        return run(registered(toolName), Object.class, arguments);
    }

    /**
     * Calls the tool registered under {@code tool}'s name with {@code arguments}, the JSON object a client sends,
     * and reads its structured result as {@code tool}'s output type.
     */
    public <O> CallOutcome<O> call(Tool<?, O> tool, Map<String, ?> arguments) {
        return run(registered(tool.name()), tool.outputType(), arguments);
    }

    /**
     * Calls the tool registered under {@code tool}'s name with {@code input}, written as the JSON object a client
     * sends, and reads its structured result as {@code tool}'s output type.
     */
    public <I, O> CallOutcome<O> call(Tool<I, O> tool, I input) {
        Objects.requireNonNull(input, "input");
        return call(tool, bulwark.jsonMapper().convertValue(input, ARGUMENTS));
    }

    /** The server the calls run on: its meters, health and config. */
    public Bulwark bulwark() {
        return bulwark;
    }

    /** Closes the server: stops its handler executor. */
    @Override
    public void close() {
        bulwark.close();
    }

    private Tool<?, ?> registered(String toolName) {
        Objects.requireNonNull(toolName, "toolName");
        return bulwark.features().tools().stream()
                .filter(tool -> tool.name().equals(toolName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool '" + toolName + "' is registered; the"
                        + " server has " + bulwark.features().tools().stream().map(Tool::name)
                        .collect(Collectors.joining(", ", "[", "]"))));
    }

    private <O> CallOutcome<O> run(Tool<?, ?> tool, Class<O> outputType, Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        Principal principal = caller != null ? caller
                : Principal.of("tester", tool.requiredScopes().toArray(String[]::new));
        TestCallContext context =
                new TestCallContext(principal, "test-" + requests.incrementAndGet(), tool.name());
        CallToolResult result = bulwark.pipeline()
                .execute(new ToolInvocation(tool, new LinkedHashMap<String, Object>(arguments), context));
        if (result.structuredContent() == null || Boolean.TRUE.equals(result.isError())) {
            return CallOutcome.of(result, null);
        }
        try {
            return CallOutcome.of(result, bulwark.jsonMapper().convertValue(result.structuredContent(), outputType));
        } catch (RuntimeException e) {
            return CallOutcome.unreadable(result, e);
        }
    }
}
