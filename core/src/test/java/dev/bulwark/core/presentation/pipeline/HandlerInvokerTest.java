package dev.bulwark.core.presentation.pipeline;

import static dev.bulwark.core.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.presentation.pipeline.TestTools.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.error.InvalidArgumentsException;
import dev.bulwark.core.error.ToolException;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.core.presentation.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The end of the pipeline: binds the input record, runs the handler, builds the MCP result. */
class HandlerInvokerTest {

    private final HandlerInvoker invoker = new HandlerInvoker(new ObjectMapper());

    @Test
    void bindsTheArgumentsToTheInputRecord() {
        AtomicReference<TestTools.EchoInput> bound = new AtomicReference<>();
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            bound.set(input);
            return ToolResult.of(new TestTools.EchoOutput("ok"), "ok");
        }));

        invoker.proceed(invocation(tool, Map.of("text", "hi", "times", 3)));

        assertThat(bound.get()).isEqualTo(new TestTools.EchoInput("hi", 3));
    }

    @Test
    void returnsStructuredContentAndText() {
        CallToolResult result = invoker.proceed(invocation(echo(), Map.of("text", "ab", "times", 2)));

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("echoed", "abab"));
        assertThat(text(result)).isEqualTo("abab");
    }

    @Test
    void textOnlyResultHasNoStructuredContent() {
        Tool<?, ?> tool = Tool.builder("say", TestTools.EchoInput.class, Void.class)
                .description("Answers in text only")
                .handler((input, context) -> ToolResult.text("just text"))
                .build();

        CallToolResult result = invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1)));

        assertThat(result.structuredContent()).isNull();
        assertThat(text(result)).isEqualTo("just text");
    }

    @Test
    void textOnlyResultFromAToolWithAnOutputSchemaIsRefused() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> ToolResult.text("just text")));

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output schema");
    }

    @Test
    void handsAMapToolTheRawArguments() {
        AtomicReference<Object> bound = new AtomicReference<>();
        Tool<?, ?> tool = Tool.builder("free", Map.class, Void.class)
                .description("Free-form tool")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> {
                    bound.set(input);
                    return ToolResult.text("ok");
                })
                .build();

        invoker.proceed(invocation(tool, Map.of("anything", List.of(1, 2))));

        assertThat(bound.get()).isEqualTo(Map.of("anything", List.of(1, 2)));
    }

    @Test
    void handsTheHandlerTheCallContext() {
        AtomicReference<String> requestId = new AtomicReference<>();
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            requestId.set(context.requestId());
            return ToolResult.of(new TestTools.EchoOutput("ok"), "ok");
        }));

        invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1)));

        assertThat(requestId.get()).isEqualTo(TestTools.REQUEST_ID);
    }

    @Test
    void wrapsACheckedExceptionKeepingItAsTheCause() {
        IOException checked = new IOException("disk on fire");
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw checked;
        }));

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(checked);
    }

    @Test
    void keepsTheInterruptFlagWhenTheHandlerWasInterrupted() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw new InterruptedException();
        }));

        try {
            assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void passesAnUncheckedExceptionOnAsItIs() {
        ToolException failure = new ToolException("user 42 does not exist");
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw failure;
        }));

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1)))).isSameAs(failure);
    }

    @Test
    void handlerReturningNothingIsAnError() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> null));

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("echo");
    }

    @Test
    void structuredResultThatIsNotAnObjectIsRefused() {
        Tool<?, ?> tool = Tool.builder("free", Map.class, List.class)
                .description("Free-form tool")
                .inputSchema(Map.of("type", "object"))
                .outputSchema(Map.of("type", "array"))
                .handler((input, context) -> ToolResult.of(List.of(1), "one"))
                .build();

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of())))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void argumentsThatDoNotFitTheInputTypeAreInvalidArguments() {
        assertThatThrownBy(() -> invoker.proceed(invocation(echo(), Map.of("text", "x", "times", "many"))))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("echo");
    }

    @Test
    void aNumberTooLargeForItsFieldIsNamedByItsPath() {
        assertThatThrownBy(() -> invoker.proceed(invocation(echo(),
                Map.of("text", "x", "times", new java.math.BigInteger("100000000000000000000")))))
                .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo("$.times");
                            assertThat(violation.message()).isEqualTo(
                                    "does not fit this field (an integer of at most 32 bits)");
                        }));
    }
}
