package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The chain runs its interceptors outermost first, around the terminal step. */
class ToolPipelineTest {

    private final List<String> trace = new CopyOnWriteArrayList<>();

    private ToolInterceptor tracing(String name) {
        return (invocation, next) -> {
            trace.add(name + " before");
            CallToolResult result = CallOutcomes.join(next.proceed(invocation));
            trace.add(name + " after");
            return CompletableFuture.completedFuture(result);
        };
    }

    @Test
    void wrapsTheTerminalInTheGivenOrderOutermostFirst() {
        ToolPipeline pipeline = new ToolPipeline(List.of(tracing("outer"), tracing("inner")), SyncCalls.chain(inv -> {
            trace.add("handler");
            return textResult("ok");
        }));

        pipeline.execute(invocation(echo(), echoArgs("x")));

        assertThat(trace).containsExactly("outer before", "inner before", "handler", "inner after", "outer after");
    }

    @Test
    void interceptorCanAnswerWithoutCallingTheRest() {
        ToolInterceptor shortCircuit =
                (invocation, next) -> CompletableFuture.completedFuture(textResult("from interceptor"));
        ToolPipeline pipeline = new ToolPipeline(List.of(shortCircuit, tracing("inner")), SyncCalls.chain(inv -> {
            trace.add("handler");
            return textResult("from handler");
        }));

        CallToolResult result = pipeline.execute(invocation(echo(), echoArgs("x")));

        assertThat(text(result)).isEqualTo("from interceptor");
        assertThat(trace).isEmpty();
    }

    @Test
    void pipelineWithoutInterceptorsRunsTheTerminal() {
        ToolPipeline pipeline = new ToolPipeline(List.of(), SyncCalls.chain(inv -> textResult("direct")));

        assertThat(text(pipeline.execute(invocation(echo(), echoArgs("x"))))).isEqualTo("direct");
    }
}
