package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulwark's {@code _meta} entries are added without losing anything the tool put in its result. */
class ResultMetaTest {

    private static final CallToolResult TOOL_RESULT = CallToolResult.builder()
            .content(List.of(TextContent.builder("hello").build()))
            .structuredContent(Map.of("greeting", "hello"))
            .meta(Map.of("tool/own", "kept"))
            .isError(false)
            .build();

    @Test
    void addsEntriesNextToTheToolsOwnMeta() {
        CallToolResult result = ResultMeta.with(TOOL_RESULT, Map.of(ResultMeta.CACHE, "hit"));

        assertThat(result.meta()).containsEntry("tool/own", "kept").containsEntry(ResultMeta.CACHE, "hit");
    }

    @Test
    void keepsContentStructuredContentAndErrorFlag() {
        CallToolResult result = ResultMeta.with(TOOL_RESULT, Map.of(ResultMeta.CACHE, "hit"));

        assertThat(text(result)).isEqualTo("hello");
        assertThat(result.structuredContent()).isEqualTo(Map.of("greeting", "hello"));
        assertThat(result.isError()).isFalse();
    }

    @Test
    void addsEntriesToAResultWithoutMeta() {
        CallToolResult result = ResultMeta.with(textResult("x"), Map.of(ResultMeta.CACHE, "miss"));

        assertThat(ResultMeta.get(result, ResultMeta.CACHE)).isEqualTo("miss");
    }

    @Test
    void readsNothingFromAResultWithoutMeta() {
        assertThat(ResultMeta.get(textResult("x"), ResultMeta.CACHE)).isNull();
    }

    @Test
    void resultWithoutAnErrorFlagIsNotAnError() {
        CallToolResult unflagged =
                new CallToolResult(List.of(TextContent.builder("x").build()), null, null, null);

        assertThat(ResultMeta.isError(unflagged)).isFalse();
    }
}
