package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.DependencyFailureException;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.WriteOutcomeUnknownException;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Every failure becomes an error result a model can act on; internals never reach the client. */
class ErrorMappingInterceptorTest {

    private static final String SECRET = "jdbc:postgresql://secret-host/db password=hunter2";

    private final ErrorMappingInterceptor interceptor = new ErrorMappingInterceptor();

    private CallToolResult failWith(Throwable failure) {
        return SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        });
    }

    static Stream<Arguments> knownFailures() {
        return Stream.of(
                Arguments.of(new ToolException("User 42 does not exist."), "tool_error"),
                Arguments.of(new AccessDeniedException("echo", Set.of("admin")), "permission_denied"),
                Arguments.of(
                        new InvalidArgumentsException("echo", List.of(new Violation("$.text", "required"))),
                        "invalid_arguments"),
                Arguments.of(
                        new RateLimitExceededException("echo", RateLimit.perMinute(5), Duration.ofSeconds(3)),
                        "rate_limited"),
                Arguments.of(new ServerBusyException("echo", "per-tool", 4), "busy"),
                Arguments.of(new ToolTimeoutException("echo", Duration.ofSeconds(2)), "timeout"),
                Arguments.of(
                        new DependencyFailureException("database", new IllegalStateException(SECRET)),
                        "dependency_unavailable"));
    }

    @ParameterizedTest
    @MethodSource("knownFailures")
    void knownFailureBecomesAnErrorResultWithItsOwnMessage(BulwarkException failure, String errorType) {
        CallToolResult result = failWith(failure);

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo(failure.getMessage());
        assertThat(result.meta())
                .containsEntry(ResultMeta.ERROR_TYPE, errorType)
                .containsEntry(ResultMeta.REQUEST_ID, TestTools.REQUEST_ID);
    }

    @Test
    void knownFailureDoesNotLeakItsCause() {
        CallToolResult result = failWith(new DependencyFailureException("database", new IllegalStateException(SECRET)));

        assertThat(text(result)).contains("database").doesNotContain("hunter2", "secret-host");
    }

    @Test
    void callersMistakeIsLoggedWithoutItsTextNorItsCause() {
        Logger logger = (Logger) LoggerFactory.getLogger(ErrorMappingInterceptor.class);
        Level previous = logger.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
        try {
            failWith(new ToolException(
                    "A user with email 'argvalue@example.com' already exists",
                    new IllegalStateException("duplicate key: VALUES ('argvalue@example.com')")));
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(previous);
        }

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getFormattedMessage()).contains("tool_error").doesNotContain("argvalue");
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void unexpectedFailureGetsAGenericMessageWithTheRequestId() {
        CallToolResult result = failWith(new IllegalStateException(SECRET));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains(TestTools.REQUEST_ID, "echo");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, ErrorTypes.INTERNAL);
    }

    @Test
    void unexpectedFailureNeverShowsItsText() {
        CallToolResult result = failWith(new IllegalStateException(SECRET, new RuntimeException("caused by x")));

        assertThat(text(result)).doesNotContain("hunter2", "secret-host", "jdbc", "IllegalStateException", "caused");
        assertThat(result.toString()).doesNotContain("hunter2", "secret-host");
    }

    @Test
    void unexpectedErrorThatIsNotFatalIsMappedToo() {
        CallToolResult result = failWith(new AssertionError(SECRET));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).doesNotContain("hunter2");
    }

    @Test
    void portOutageNamesTheDependencyButNotItsMessage() {
        CallToolResult result = failWith(new DependencyUnavailableException("redis", "timeout talking to 10.0.0.7"));

        assertThat(text(result)).contains("redis").doesNotContain("10.0.0.7");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "dependency_unavailable");
    }

    @Test
    void anOutageDuringAWritesCommitSaysTheChangeMayHaveBeenMadeRatherThanToTryAgain() {
        CallToolResult result = failWith(new WriteOutcomeUnknownException("database", "lost 10.0.0.7", null));

        assertThat(text(result))
                .isEqualTo("The database this tool needs stopped answering while it was applying the"
                        + " change, so the change may or may not have been made. Check before trying again.");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "dependency_unavailable");
    }

    @Test
    void rateLimitErrorCarriesRetryAfterInMilliseconds() {
        CallToolResult result =
                failWith(new RateLimitExceededException("echo", RateLimit.perMinute(5), Duration.ofMillis(1500)));

        assertThat(result.meta()).containsEntry(ResultMeta.RETRY_AFTER_MS, 1500L);
    }

    @Test
    void aMissingClientFeatureIsNamedInTheResultsMetaNotOnlyInItsText() {
        CallToolResult result = failWith(new ClientFeatureUnavailableException("ask", "elicitation", "no session"));

        assertThat(result.meta())
                .containsEntry(ResultMeta.ERROR_TYPE, "client_feature_unavailable")
                .containsEntry(ResultMeta.CLIENT_FEATURE, "elicitation");
    }

    @Test
    void otherErrorsCarryNoRetryAfter() {
        CallToolResult result = failWith(new ToolException("nope"));

        assertThat(result.meta()).doesNotContainKey(ResultMeta.RETRY_AFTER_MS);
    }

    @Test
    void anInternalErrorOfTheJvmIsNotSwallowed() {
        InternalError fatal = new InternalError("the JVM is broken");

        assertThatThrownBy(() -> failWith(fatal)).isSameAs(fatal);
    }

    @Test
    void runningOutOfMemoryIsAnsweredAsAnInternalErrorWithoutItsMessage() {
        CallToolResult result = failWith(new OutOfMemoryError("Java heap space at a secret place"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("Internal error in tool 'echo'").doesNotContain("secret");
        assertThat(result.meta()).containsEntry(ResultMeta.REQUEST_ID, TestTools.REQUEST_ID);
    }

    @Test
    void stackOverflowIsAnsweredAsAnInternalError() {
        CallToolResult result = failWith(new StackOverflowError());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("Internal error in tool 'echo'");
        assertThat(result.meta()).containsEntry(ResultMeta.REQUEST_ID, TestTools.REQUEST_ID);
    }

    @Test
    void toolExceptionWithoutAMessageIsAnsweredWithOneSayingSo() {
        CallToolResult result = failWith(new ToolException(null));

        assertThat(result.isError()).isTrue();
        assertThat(text(result))
                .isEqualTo("Tool 'echo' failed without saying why (request id " + TestTools.REQUEST_ID + ")");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "tool_error");
    }

    @Test
    void successfulResultPassesThroughUnchanged() {
        CallToolResult ok = textResult("fine");

        assertThat(SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> ok))
                .isSameAs(ok);
    }
}
