package dev.bulwark.http.transport;

import dev.bulwark.ports.tracing.RequestTraces;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the tests of answers completed later share: a {@code tools/call} body, a tool's definition and text result,
 * and request traces that record how each ended.
 */
final class AsyncAnswerFixtures {

    private AsyncAnswerFixtures() {}

    /** Traces that add how each ended to {@code ends}: {@code "<method> answered <code>"} or {@code "<method> failed <class>"}. */
    static RequestTraces recordingTraces(Collection<String> ends) {
        return (method, id, params, sessionId, headers) -> new RequestTraces.Trace() {
            @Override
            public void answered(Integer errorCode) {
                ends.add(method + " answered " + errorCode);
            }

            @Override
            public void failed(Throwable failure) {
                ends.add(method + " failed " + failure.getClass().getSimpleName());
            }
        };
    }

    static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    static McpSchema.Tool tool(String name) {
        return McpSchema.Tool.builder(name, Map.of("type", "object"))
                .description(name)
                .build();
    }

    static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(text).build()))
                .isError(false)
                .build();
    }
}
