package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ResultTooLargeException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The largest result the server sends, counted as the bytes of its JSON. */
class ResultSizeLimitTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static CallToolResult textResult(String text) {
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(text).build()))
                .isError(false)
                .build();
    }

    private long jsonBytes(Object value) throws Exception {
        return mapper.writeValueAsBytes(value).length;
    }

    @Test
    void aResultWhoseBoundIsWithinTheLimitIsNotSerialized() {
        AtomicInteger serialized = new AtomicInteger();
        ResultSizeLimit limit = new ResultSizeLimit(1000, value -> {
            serialized.incrementAndGet();
            return 0;
        });

        limit.check("tool", "t", textResult("small"), ResultSizeLimit.boundOf(5, 1));

        assertThat(serialized).hasValue(0);
    }

    @Test
    void aResultOfExactlyTheLimitIsSent() throws Exception {
        CallToolResult result = textResult("x".repeat(500));
        ResultSizeLimit limit = ResultSizeLimit.of(jsonBytes(result), mapper);

        limit.check("tool", "t", result, ResultSizeLimit.UNBOUNDED);
    }

    @Test
    void aResultOneByteOverTheLimitIsRefusedWithItsSizeAndTheLimit() throws Exception {
        CallToolResult result = textResult("x".repeat(500));
        long bytes = jsonBytes(result);
        ResultSizeLimit limit = ResultSizeLimit.of(bytes - 1, mapper);

        assertThatThrownBy(() -> limit.check("tool", "search", result, ResultSizeLimit.boundOf(500, 1)))
                .isInstanceOfSatisfying(ResultTooLargeException.class, e -> {
                    assertThat(e.bytes()).isEqualTo(bytes);
                    assertThat(e.limit()).isEqualTo(bytes - 1);
                    assertThat(e.errorType()).isEqualTo("result_too_large");
                })
                .hasMessage("The result of tool 'search' is " + bytes + " bytes, over the server's limit of "
                        + (bytes - 1) + " bytes (limits.max-result-size), so it was not sent. Ask for less, for"
                        + " example a narrower query or a smaller page.");
    }

    @Test
    void countsTheUtf8BytesOfTheJsonNotTheCharacters() throws Exception {
        String text = "é".repeat(300); // 300 characters, 600 bytes in UTF-8
        CallToolResult result = textResult(text);
        long overhead = jsonBytes(textResult(""));
        ResultSizeLimit limit = ResultSizeLimit.of(overhead + 599, mapper);

        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(600);
        assertThatThrownBy(() -> limit.check("tool", "t", result, ResultSizeLimit.boundOf(text.length(), 1)))
                .isInstanceOfSatisfying(
                        ResultTooLargeException.class,
                        e -> assertThat(e.bytes()).isEqualTo(overhead + 600));
    }

    @Test
    void countsJsonEscapes() throws Exception {
        String text = "\u0001".repeat(100); // each written as \u0001: 6 bytes
        CallToolResult result = textResult(text);
        long overhead = jsonBytes(textResult(""));
        ResultSizeLimit limit = ResultSizeLimit.of(overhead + 599, mapper);

        assertThatThrownBy(() -> limit.check("tool", "t", result, ResultSizeLimit.boundOf(text.length(), 1)))
                .isInstanceOfSatisfying(
                        ResultTooLargeException.class,
                        e -> assertThat(e.bytes()).isEqualTo(overhead + 600));
    }

    @Test
    void theBoundCoversTheWorstCaseOfEachCharacterAndItem() throws Exception {
        String text = "\u0001".repeat(100);
        CallToolResult result = CallToolResult.builder()
                .content(List.of(
                        TextContent.builder(text).build(),
                        TextContent.builder("").build()))
                .isError(false)
                .build();

        assertThat(ResultSizeLimit.boundOf(text.length(), 2)).isGreaterThanOrEqualTo(jsonBytes(result));
    }

    @Test
    void refusesALimitThatIsNotPositive() {
        assertThatThrownBy(() -> ResultSizeLimit.of(0, mapper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
