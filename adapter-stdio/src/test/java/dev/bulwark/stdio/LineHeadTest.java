package dev.bulwark.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.stdio.LineHead.Head;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineHeadTest {

    private static Head read(String line) {
        byte[] bytes = (line + "trailing bytes past the length").getBytes(StandardCharsets.UTF_8);
        return LineHead.read(bytes, line.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aRequestIsReadWithItsIdAndMethodWhateverItsNestedValuesHold() {
        Head head = read(" {\"jsonrpc\":\"2.0\",\"params\":{\"arguments\":{\"data\":[{},{\"id\":9,\"x\":\"}]\\\"{\"}],"
                + "\"method\":\"no\"}},\"method\":\"tools/call\" , \"id\" : 42 }\r");

        assertThat(head).isEqualTo(new Head(true, 42, "tools/call"));
    }

    @Test
    void idsAreReadAsTheParserReadsThem() {
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"m\"}").id())
                .isEqualTo("a-1");
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"m\"}").id())
                .isEqualTo(-7);
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"method\":\"m\"}")
                        .id())
                .isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}",
                "{\"id\":1,\"method\":\"m\"}",
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"method\":\"n\"}",
                "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"} junk",
                "{\"jsonrpc\":\"2.0\",\"i\\u0064\":1,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"method\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":9223372036854775808,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}]",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":[1,2}",
                "{\"jsonrpc\":\"2.0\",\"id\":1 \"method\":\"m\"}",
                "",
                "not json"
            })
    void whatIsNotPlainlyARequestIsNotKnown(String line) {
        assertThat(read(line)).isEqualTo(LineHead.UNKNOWN);
    }
}
