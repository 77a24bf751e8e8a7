package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Arguments are checked against the input schema; the handler never sees bad input. */
class ValidationInterceptorTest {

    private final ValidationInterceptor interceptor =
            new ValidationInterceptor(new SchemaValidator(new ObjectMapper()), new ObjectMapper());
    private final AtomicInteger nextCalls = new AtomicInteger();

    private CallToolResult call(Map<String, Object> arguments) {
        return SyncCalls.run(interceptor, invocation(echo(), arguments), inv -> {
            nextCalls.incrementAndGet();
            return textResult("ok");
        });
    }

    @Test
    void refusesBadArgumentsNamingTheField() {
        assertThatThrownBy(() -> call(Map.of("text", "hi", "times", "twice")))
                .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::field).containsExactly("$.times");
                    assertThat(e.getMessage()).contains("echo", "$.times", "integer");
                });
    }

    @Test
    void doesNotCallTheChainForBadArguments() {
        try {
            call(Map.of("times", 1));
        } catch (InvalidArgumentsException expected) {
            // the refusal is the previous test's concern
        }

        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void namesEveryViolationInOneMessage() {
        assertThatThrownBy(() -> call(Map.of("times", 1, "sudo", true)))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("$.text")
                .hasMessageContaining("$.sudo");
    }

    @Test
    void passesValidArgumentsOn() {
        call(echoArgs("hi"));

        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void eachToolIsValidatedAgainstItsOwnSchemaEvenWhenNamesRepeat() {
        Tool<NoteInput, Void> otherEcho = Tool.builder("echo", NoteInput.class, Void.class)
                .description("Another tool that happens to be called echo")
                .handler((input, context) -> ToolResult.text(input.note()))
                .build();
        call(echoArgs("hi"));

        assertThatThrownBy(() ->
                        SyncCalls.run(interceptor, invocation(otherEcho, echoArgs("hi")), inv -> textResult("ok")))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .contains("$.note"));
        assertThat(SyncCalls.run(interceptor, invocation(otherEcho, Map.of("note", "n")), inv -> textResult("ok"))
                        .isError())
                .isFalse();
    }

    record Lookup(String key, java.util.Optional<Integer> limit) {}

    private final Tool<Lookup, Void> lookup = Tool.builder("lookup", Lookup.class, Void.class)
            .description("Looks a key up")
            .handler((input, context) -> ToolResult.text(input.key()))
            .build();

    @Test
    void anOptionalPropertyShownWithAPlainTypeMayStillBeGivenAsNull() {
        Map<String, Object> arguments = new java.util.HashMap<>();
        arguments.put("key", "k");
        arguments.put("limit", null);

        SyncCalls.run(interceptor, invocation(lookup, arguments), inv -> textResult("ok"));

        assertThat(lookup.inputSchema().toString()).doesNotContain("null");
    }

    @Test
    void anOptionalPropertyOfTheWrongTypeIsStillRefused() {
        assertThatThrownBy(() -> SyncCalls.run(
                        interceptor, invocation(lookup, Map.of("key", "k", "limit", "5")), inv -> textResult("ok")))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactly("$.limit"));
    }

    @Test
    void withTracingOffTheCheckRunsInTheCallersContextWithNoSpan() {
        ValidationInterceptor untraced = new ValidationInterceptor(
                new SchemaValidator(new ObjectMapper()),
                new ObjectMapper(),
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
        ContextWitness text = new ContextWitness();
        Context caller = Context.current();

        SyncCalls.run(untraced, invocation(echo(), Map.of("text", text, "times", 1)), inv -> textResult("ok"));

        assertThat(text.seen).singleElement().isSameAs(caller);
    }

    @Test
    void withTracingOnEachCheckIsOneSpan() {
        Tracer noop = OpenTelemetry.noop().getTracer("dev.bulwark.core");
        List<String> spans = new ArrayList<>();
        Tracer counting = name -> {
            spans.add(name);
            return noop.spanBuilder(name);
        };
        ValidationInterceptor traced =
                new ValidationInterceptor(new SchemaValidator(new ObjectMapper()), new ObjectMapper(), counting);

        SyncCalls.run(traced, invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));
        SyncCalls.run(traced, invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));

        assertThat(spans).containsExactly(ValidationInterceptor.SPAN_NAME, ValidationInterceptor.SPAN_NAME);
    }

    /** An argument the check turns into JSON through the mapper, noting the context it does so in. */
    static final class ContextWitness {
        final List<Context> seen = new ArrayList<>();

        @JsonValue
        public String value() {
            seen.add(Context.current());
            return "hi";
        }
    }

    record NoteInput(String note) {}
}
