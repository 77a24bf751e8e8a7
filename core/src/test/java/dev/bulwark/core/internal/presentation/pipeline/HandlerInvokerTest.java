package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.InvalidToolResultException;
import dev.bulwark.core.OutputSchemaCheck;
import dev.bulwark.core.ResultTooLargeException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The end of the pipeline: binds the input record, runs the handler, builds the MCP result. */
class HandlerInvokerTest {

    private final HandlerInvoker invoker = new HandlerInvoker(new ObjectMapper());

    @Test
    void textResultOverTheSizeLimitIsRefused() {
        HandlerInvoker small = new HandlerInvoker(new ObjectMapper(), ResultSizeLimit.of(1000, new ObjectMapper()));
        Tool<?, ?> tool = Tool.builder("say", TestTools.EchoInput.class, Void.class)
                .description("Answers in text only")
                .handler((input, context) -> ToolResult.text(input.text().repeat(input.times())))
                .build();

        assertThatThrownBy(() -> small.proceed(invocation(tool, Map.of("text", "x", "times", 1000))))
                .isInstanceOfSatisfying(
                        ResultTooLargeException.class,
                        e -> assertThat(e.limit()).isEqualTo(1000));
    }

    @Test
    void aWritingToolsResultOverTheSizeLimitSaysTheCallRanAndMayHaveMadeItsChange() {
        HandlerInvoker small = new HandlerInvoker(new ObjectMapper(), ResultSizeLimit.of(1000, new ObjectMapper()));
        Tool<?, ?> writes = Tool.builder("save", TestTools.EchoInput.class, Void.class)
                .description("Saves, then answers in text")
                .handler((input, context) -> ToolResult.text(input.text().repeat(input.times())))
                .build();
        Tool<?, ?> reads = Tool.builder("show", TestTools.EchoInput.class, Void.class)
                .description("Answers in text only")
                .readOnly(true)
                .handler((input, context) -> ToolResult.text(input.text().repeat(input.times())))
                .build();

        assertThatThrownBy(() -> small.proceed(invocation(writes, Map.of("text", "x", "times", 1000))))
                .isInstanceOf(ResultTooLargeException.class)
                .hasMessageContaining("may have made its change: check before calling again");
        assertThatThrownBy(() -> small.proceed(invocation(reads, Map.of("text", "x", "times", 1000))))
                .isInstanceOf(ResultTooLargeException.class)
                .hasMessageNotContaining("made its change")
                .hasMessageContaining("Ask for less");
    }

    @Test
    void structuredResultOverTheSizeLimitIsRefused() {
        HandlerInvoker small = new HandlerInvoker(new ObjectMapper(), ResultSizeLimit.of(1000, new ObjectMapper()));
        Tool<?, ?> tool = echo(b -> b.handler((input, context) ->
                ToolResult.of(new TestTools.EchoOutput(input.text().repeat(input.times())), "short text")));

        assertThatThrownBy(() -> small.proceed(invocation(tool, Map.of("text", "x", "times", 1000))))
                .isInstanceOf(ResultTooLargeException.class);
    }

    @Test
    void resultOverTheSizeLimitIsLoggedWithItsSizeNotItsContent() {
        HandlerInvoker small = new HandlerInvoker(new ObjectMapper(), ResultSizeLimit.of(1000, new ObjectMapper()));
        Logger logger = (Logger) LoggerFactory.getLogger(HandlerInvoker.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThatThrownBy(() -> small.proceed(invocation(echo(), Map.of("text", "secret", "times", 200))))
                    .isInstanceOf(ResultTooLargeException.class);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("'echo'", "1000 bytes")
                    .doesNotContain("secret");
        });
    }

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
        CallToolResult result =
                CallOutcomes.join(invoker.proceed(invocation(echo(), Map.of("text", "ab", "times", 2))));

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

        CallToolResult result = CallOutcomes.join(invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))));

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

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                .isSameAs(failure);
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
                .isInstanceOfSatisfying(
                        InvalidToolResultException.class,
                        e -> assertThat(e.errorType()).isEqualTo("internal"))
                .hasMessageContaining("did not fit the tool's declared output type");
    }

    /** An output record with a field that need not be given. */
    record Note(String title, @ToolParam(required = false) String body) {}

    private static Tool<TestTools.EchoInput, Note> noting(Note note) {
        return Tool.builder("note", TestTools.EchoInput.class, Note.class)
                .description("Returns a note")
                .handler((input, context) -> ToolResult.of(note, "a note"))
                .build();
    }

    @Test
    void aNullInAnOutputFieldThatNeedNotBeGivenIsAValidResult() {
        Tool<?, ?> tool = noting(new Note("t", null));

        CallToolResult result = CallOutcomes.join(invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))));

        assertThat(result.isError()).isFalse();
        OutputSchemaCheck.fits(tool, result);
    }

    @Test
    void aNullInARequiredOutputFieldIsTheToolsFaultNotTheCallers() {
        Tool<?, ?> tool = noting(new Note(null, "b"));

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of("text", "x", "times", 1))))
                .isInstanceOfSatisfying(InvalidToolResultException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("internal");
                    assertThat(e.tool()).isEqualTo("note");
                })
                .hasMessageContaining("did not fit the tool's declared output type")
                .hasMessageContaining(TestTools.REQUEST_ID)
                .hasMessageNotContaining("Invalid arguments");
    }

    @Test
    void aResultValueTheOutputSchemaDoesNotAllowIsRefusedWithoutQuotingIt() {
        Tool<?, ?> tool = Tool.builder("free", Map.class, Map.class)
                .description("Free-form tool")
                .inputSchema(Map.of("type", "object"))
                .outputSchema(Map.of("type", "object", "properties", Map.of("count", Map.of("type", "integer"))))
                .handler((input, context) -> ToolResult.of(Map.of("count", "secret-value-42"), "count"))
                .build();

        assertThatThrownBy(() -> invoker.proceed(invocation(tool, Map.of())))
                .isInstanceOf(InvalidToolResultException.class)
                .hasMessageNotContaining("secret-value-42");
    }

    @Test
    void aResultThatDoesNotFitIsLoggedNamingTheToolAndTheField() {
        Logger logger = (Logger) LoggerFactory.getLogger(HandlerInvoker.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThatThrownBy(() ->
                            invoker.proceed(invocation(noting(new Note(null, "b")), Map.of("text", "x", "times", 1))))
                    .isInstanceOf(InvalidToolResultException.class);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("'note'", "$.title");
        });
    }

    /** An input record that checks its own values. */
    record Quantity(int quantity) {
        Quantity {
            if (quantity <= 0) {
                throw new ToolException("quantity must be positive, was " + quantity);
            }
        }
    }

    /** An input record whose check names the field itself. */
    record Range(int from, int to) {
        Range {
            if (from > to) {
                throw new InvalidArgumentsException("range", List.of(new Violation("$.to", "must not be below from")));
            }
        }
    }

    /** An input record whose check fails with an exception that may come from anywhere. */
    record Percent(int value) {
        Percent {
            if (value > 100) {
                throw new IllegalArgumentException("internal detail: lookup table percent.csv row " + value);
            }
        }
    }

    /** An input record holding another that checks its values. */
    record Order(String item, Quantity amount) {}

    /** An input record the plain mapper cannot construct: it has no module for java.time. */
    record Day(LocalDate day) {}

    private static <I> Tool<I, Void> accepting(Class<I> inputType) {
        return Tool.builder("checked", inputType, Void.class)
                .description("Checks its input")
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }

    @Test
    void aToolExceptionFromTheInputRecordsConstructorReachesTheCallerAsInvalidArguments() {
        assertThatThrownBy(() -> invoker.proceed(invocation(accepting(Quantity.class), Map.of("quantity", -1))))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessage("Invalid arguments for tool 'checked': $: quantity must be positive, was -1");
    }

    @Test
    void aToolExceptionFromANestedRecordsConstructorIsNamedByItsPath() {
        assertThatThrownBy(() -> invoker.proceed(
                        invocation(accepting(Order.class), Map.of("item", "tea", "amount", Map.of("quantity", 0)))))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.violations())
                                .containsExactly(new Violation("$.amount", "quantity must be positive, was 0")));
    }

    @Test
    void invalidArgumentsFromTheInputRecordsConstructorKeepTheirViolations() {
        assertThatThrownBy(() -> invoker.proceed(invocation(accepting(Range.class), Map.of("from", 5, "to", 1))))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.violations())
                                .containsExactly(new Violation("$.to", "must not be below from")))
                .hasMessageContaining("'checked'");
    }

    @Test
    void anyOtherExceptionFromTheInputRecordsConstructorIsInvalidArgumentsWithoutItsText() {
        assertThatThrownBy(() -> invoker.proceed(invocation(accepting(Percent.class), Map.of("value", 101))))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("refused by a check of the tool's input type")
                .hasMessageNotContaining("percent.csv");
    }

    @Test
    void anInputTypeTheMapperCannotConstructIsNotTheCallersMistake() {
        assertThatThrownBy(() -> invoker.proceed(invocation(accepting(Day.class), Map.of("day", "2024-01-02"))))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("checked");
    }

    @Test
    void argumentsThatDoNotFitTheInputTypeAreInvalidArguments() {
        assertThatThrownBy(() -> invoker.proceed(invocation(echo(), Map.of("text", "x", "times", "many"))))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("echo");
    }

    @Test
    void aNumberTooLargeForItsFieldIsNamedByItsPath() {
        assertThatThrownBy(() -> invoker.proceed(invocation(
                        echo(), Map.of("text", "x", "times", new java.math.BigInteger("100000000000000000000")))))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo("$.times");
                            assertThat(violation.message())
                                    .isEqualTo("does not fit this field (an integer of at most 32 bits)");
                        }));
    }
}
