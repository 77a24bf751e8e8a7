package dev.bulwark.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRpcLinesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anErrorForAnIdWithALoneSurrogateCarriesThatIdNotAQuestionMark() throws Exception {
        String line = JsonRpcLines.error("a\ud800", -32600, "Invalid Request");

        Map<?, ?> read = json.readValue(JsonRpcLines.utf8(line), Map.class);

        assertThat(read.get("id")).isEqualTo("a\ud800");
    }

    @Test
    void aRenderedLineWithALoneSurrogateKeepsItAsAnEscape() throws Exception {
        String rendered = "{\"jsonrpc\":\"2.0\",\"id\":\"\ud800\",\"result\":{\"t\":\"x\udc00y\"}}";

        byte[] line = JsonRpcLines.utf8(rendered);

        assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("?");
        Map<?, ?> read = json.readValue(line, Map.class);
        assertThat(read.get("id")).isEqualTo("\ud800");
        assertThat(read.get("result")).isEqualTo(Map.of("t", "x\udc00y"));
    }

    @Test
    void aLineWithoutLoneSurrogatesIsItsPlainUtf8() {
        String rendered = "{\"t\":\"日本 😀\"}";

        assertThat(JsonRpcLines.utf8(rendered)).isEqualTo(rendered.getBytes(StandardCharsets.UTF_8));
    }
}
